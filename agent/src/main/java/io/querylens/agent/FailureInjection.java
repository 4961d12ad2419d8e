package io.querylens.agent;

import io.querylens.bootstrap.StatementTracer;

/**
 * A test hook: {@code -Dquerylens.test.inject-failure=statement-start} (or {@code statement-end})
 * makes the tracer throw on every statement, so a test can prove that an agent bug never reaches
 * the application. Read once at start-up: unset, the real tracer is installed as it is and the hot
 * path carries no check.
 */
final class FailureInjection {

  static final String PROPERTY = "querylens.test.inject-failure";

  private FailureInjection() {}

  static StatementTracer around(StatementTracer tracer, String mode) {
    if (mode == null) {
      return tracer;
    }
    switch (mode) {
      case "statement-start":
        return new Failing(tracer, true);
      case "statement-end":
        return new Failing(tracer, false);
      default:
        return tracer;
    }
  }

  /** Throws where the real tracer would start or end a statement's span. */
  private static final class Failing implements StatementTracer {
    private final StatementTracer tracer;
    private final boolean onStart;

    Failing(StatementTracer tracer, boolean onStart) {
      this.tracer = tracer;
      this.onStart = onStart;
    }

    @Override
    public void connected(Object driver, String url, Object properties, Object connection) {
      tracer.connected(driver, url, properties, connection);
    }

    @Override
    public void prepared(Object statement, String sql) {
      tracer.prepared(statement, sql);
    }

    @Override
    public void closed(Object statement) {
      tracer.closed(statement);
    }

    @Override
    public void batchAdded(Object statement, String sql) {
      tracer.batchAdded(statement, sql);
    }

    @Override
    public void batchCleared(Object statement) {
      tracer.batchCleared(statement);
    }

    @Override
    public void parameterSet(Object statement, int index, Object value) {
      tracer.parameterSet(statement, index, value);
    }

    @Override
    public void parametersCleared(Object statement) {
      tracer.parametersCleared(statement);
    }

    @Override
    public Object start(Object statement, String sql, boolean batch) {
      if (onStart) {
        throw new IllegalStateException("failure injected by " + PROPERTY);
      }
      return tracer.start(statement, sql, batch);
    }

    @Override
    public String sqlToSend(Object statement, Object scope, String sql) {
      return tracer.sqlToSend(statement, scope, sql);
    }

    @Override
    public String batchSqlToSend(Object statement, String sql) {
      return tracer.batchSqlToSend(statement, sql);
    }

    @Override
    public void end(Object scope, Throwable thrown) {
      throw new IllegalStateException("failure injected by " + PROPERTY);
    }

    @Override
    public boolean resultSetOpened(Object scope) {
      return tracer.resultSetOpened(scope);
    }

    @Override
    public void rowsRead(Object scope, long rows) {
      tracer.rowsRead(scope, rows);
    }
  }
}
