package io.querylens.agent;

import io.querylens.bootstrap.StatementTracer;
import io.querylens.runtime.jdbc.JdbcStatementTracer;

/**
 * Hands the bridge's calls to the runtime's tracer, which the library's wrappers call too. The
 * bridge's interface lives on the bootstrap class path, which the library never sees, so the tracer
 * does not implement it itself; one call site, so the JIT inlines the hop.
 */
final class BridgeTracer implements StatementTracer {

  private final JdbcStatementTracer tracer;

  BridgeTracer(JdbcStatementTracer tracer) {
    this.tracer = tracer;
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
  public void autoCommitSet(Object connection, boolean autoCommit) {
    tracer.autoCommitSet(connection, autoCommit);
  }

  @Override
  public void transactionEnded(Object connection) {
    tracer.transactionEnded(connection);
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
    tracer.end(scope, thrown);
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
