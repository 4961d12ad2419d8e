package io.querylens.exporter;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.semconv.DbAttributes;
import io.querylens.core.sql.StatementShape;
import io.querylens.core.stats.ObservedStatement;
import io.querylens.core.stats.ObservedStatements;
import java.util.List;

/**
 * The attributes of one statement shape on one connection, computed once and reused by every
 * execution: the span's and the duration histogram's.
 */
final class StatementAttributes {

  static final AttributeKey<String> QUERY_FINGERPRINT =
      AttributeKey.stringKey("querylens.query.fingerprint");

  /** Set when db.query.text holds only the statement's first StatementShape.MAX_TEXT_CHARS. */
  static final AttributeKey<Boolean> QUERY_TEXT_TRUNCATED =
      AttributeKey.booleanKey("querylens.query.text.truncated");

  final String spanName;
  final Attributes span;
  final Attributes metric;
  final ObservedStatement observed;

  /** An executeBatch of several operations: its spans also carry the batch's size. */
  final boolean batch;

  final SpanBudget spanBudget = new SpanBudget();

  /** What an {@link ExecutionListener} is told about the statement, besides its timing. */
  final StatementShape shape;

  final ConnectionFacts connection;
  final String summary;
  final String operation;

  private StatementAttributes(
      String spanName,
      Attributes span,
      Attributes metric,
      ObservedStatement observed,
      boolean batch,
      StatementShape shape,
      ConnectionFacts connection,
      String summary,
      String operation) {
    this.spanName = spanName;
    this.span = span;
    this.metric = metric;
    this.observed = observed;
    this.batch = batch;
    this.shape = shape;
    this.connection = connection;
    this.summary = summary;
    this.operation = operation;
  }

  /**
   * The database of a connection's {@code db.namespace}: PostgreSQL's is {@code database|schema}
   * when the URL names a schema; SQL Server's {@code instance|database}; others' the database.
   */
  static String databaseOf(ConnectionFacts connection) {
    String namespace = connection.namespace();
    int bar = namespace == null ? -1 : namespace.indexOf('|');
    if (bar < 0) {
      return namespace;
    }
    return "postgresql".equals(connection.systemName())
        ? namespace.substring(0, bar)
        : namespace.substring(bar + 1);
  }

  /**
   * A batch of one operation is modelled as that single operation (semantic conventions).
   *
   * @param batchSize {@link StatementObserver#NOT_A_BATCH}, or the number of operations in a batch
   */
  static boolean isBatch(int batchSize) {
    return batchSize == 0 || batchSize > 1;
  }

  /**
   * @param batch an executeBatch of several (or no) operations; its size is the execution's own
   */
  static StatementAttributes of(
      ConnectionFacts connection,
      StatementShape shape,
      boolean batch,
      ObservedStatements statistics) {
    String operation = shape.operationName();
    String summary = shape.summary();
    if (batch) {
      operation = operation == null ? "BATCH" : "BATCH " + operation;
      summary = summary.isEmpty() ? "BATCH" : "BATCH " + summary;
    }
    return build(connection, shape, batch, operation, summary, statistics);
  }

  /**
   * A batch of different statements: the conventions name it just {@code BATCH}, since no one
   * operation or summary covers it; its query text still shows every statement.
   */
  static StatementAttributes ofMixedBatch(
      ConnectionFacts connection, StatementShape shape, ObservedStatements statistics) {
    return build(connection, shape, true, "BATCH", "BATCH", statistics);
  }

  private static StatementAttributes build(
      ConnectionFacts connection,
      StatementShape shape,
      boolean batch,
      String operation,
      String summary,
      ObservedStatements statistics) {
    String spanName = summary.isEmpty() ? connection.systemName() : summary;

    AttributesBuilder metric = connection.attributes().toBuilder();
    if (operation != null) {
      metric.put(DbAttributes.DB_OPERATION_NAME, operation);
    }
    if (!summary.isEmpty()) {
      metric.put(DbAttributes.DB_QUERY_SUMMARY, summary);
    }
    List<String> collections = shape.collectionNames();
    if (collections.size() == 1) {
      metric.put(DbAttributes.DB_COLLECTION_NAME, collections.get(0));
    }
    // On the histogram too: a dashboard's row per statement shape then links to exactly that
    // shape's traces. As many series as shapes, which the SDK's cardinality limit bounds.
    String fingerprint = shape.fingerprint().toHex();
    metric.put(QUERY_FINGERPRINT, fingerprint);
    Attributes metricAttributes = metric.build();

    AttributesBuilder span =
        metricAttributes.toBuilder().put(DbAttributes.DB_QUERY_TEXT, shape.sanitizedText());
    if (shape.truncated()) {
      span.put(QUERY_TEXT_TRUNCATED, true);
    }
    ObservedStatement observed =
        statistics.entryFor(
            fingerprint, summary.isEmpty() ? spanName : summary, shape.sanitizedText());
    // Once per connection facts and shape (these attributes are cached): which database it ran
    // on, for the findings of a process that talks to several.
    observed.ranOn(databaseOf(connection));
    return new StatementAttributes(
        spanName,
        span.build(),
        metricAttributes,
        observed,
        batch,
        shape,
        connection,
        summary,
        operation);
  }
}
