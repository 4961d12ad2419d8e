package io.querylens.exporter;

import io.querylens.core.sql.StatementShapeCache;

/**
 * An execution whose SQL text was not in the shape cache when it started: what its recording thread
 * needs to fingerprint it and find its attributes, which the application's thread left undone.
 */
final class UnshapedExecution extends StatementExecution {

  final ConnectionFacts connection;
  final String sql;
  final StatementShapeCache shapes;
  final boolean mixedBatch;

  UnshapedExecution(
      ConnectionFacts connection,
      String sql,
      StatementShapeCache shapes,
      long startNanos,
      int batchSize,
      boolean mixedBatch) {
    super(null, startNanos, batchSize);
    this.connection = connection;
    this.sql = sql;
    this.shapes = shapes;
    this.mixedBatch = mixedBatch;
  }
}
