package io.querylens.bootstrap;

/**
 * The tracer before the agent has started, and when it is disabled: does nothing, traces nothing.
 */
final class NoopStatementTracer implements StatementTracer {

  static final NoopStatementTracer INSTANCE = new NoopStatementTracer();

  private NoopStatementTracer() {}

  @Override
  public void connected(Object driver, String url, Object properties, Object connection) {}

  @Override
  public void prepared(Object statement, String sql) {}

  @Override
  public void closed(Object statement) {}

  @Override
  public void batchAdded(Object statement, String sql) {}

  @Override
  public void batchCleared(Object statement) {}

  @Override
  public void parameterSet(Object statement, int index, Object value) {}

  @Override
  public void parametersCleared(Object statement) {}

  @Override
  public Object start(Object statement, String sql, boolean batch) {
    return null;
  }

  @Override
  public void end(Object scope, Throwable thrown) {}
}
