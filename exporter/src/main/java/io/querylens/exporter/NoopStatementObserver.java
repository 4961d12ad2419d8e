package io.querylens.exporter;

import io.querylens.core.sql.StatementShape;
import io.querylens.core.sql.StatementShapeCache;

final class NoopStatementObserver implements StatementObserver {

  private static final Object SCOPE = new Object();

  @Override
  public Object start(
      ConnectionFacts connection, StatementShape shape, int batchSize, boolean mixedBatch) {
    return SCOPE;
  }

  @Override
  public Object startUnshaped(
      ConnectionFacts connection,
      String sql,
      StatementShapeCache shapes,
      int batchSize,
      boolean mixedBatch) {
    return SCOPE;
  }

  @Override
  public void bindValues(Object scope, String[] values) {}

  @Override
  public void end(Object scope, Throwable error) {}
}
