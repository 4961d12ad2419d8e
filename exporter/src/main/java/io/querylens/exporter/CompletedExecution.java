package io.querylens.exporter;

import java.util.List;

/**
 * One recorded execution as an {@link ExecutionListener} sees it: the statement's shape, where it
 * ran, and how long it took. Built on the recording thread, only while someone listens.
 *
 * @param fingerprint the shape's fingerprint, 16 hex digits
 * @param sanitizedText the statement with its literals taken out ({@code db.query.text})
 * @param summary {@code db.query.summary}, e.g. {@code SELECT orders}; BATCH-prefixed for a batch
 * @param operation {@code db.operation.name}, or null
 * @param tables the tables the statement names
 * @param startNanos when it started, by {@link System#nanoTime()} of this JVM
 * @param durationNanos how long it ran
 * @param errorType the class name of what it threw, or null
 * @param traceId the trace its span (or the application's span it ran in) belongs to, or null when
 *     it has no span
 * @param batchSize the number of operations of an {@code executeBatch}, or -1
 */
public record CompletedExecution(
    String fingerprint,
    String sanitizedText,
    String normalizedText,
    String summary,
    String operation,
    List<String> tables,
    String systemName,
    String serverAddress,
    int serverPort,
    String namespace,
    long startNanos,
    long durationNanos,
    String errorType,
    String traceId,
    int batchSize) {

  static CompletedExecution of(StatementExecution execution, String traceId) {
    StatementAttributes attributes = execution.attributes;
    ConnectionFacts connection = attributes.connection;
    return new CompletedExecution(
        attributes.shape.fingerprint().toHex(),
        attributes.shape.sanitizedText(),
        attributes.shape.normalizedText(),
        attributes.summary,
        attributes.operation,
        attributes.shape.collectionNames(),
        connection.systemName(),
        connection.serverAddress(),
        connection.serverPort(),
        connection.namespace(),
        execution.startNanos,
        execution.durationNanos(),
        execution.error == null ? null : execution.error.getClass().getName(),
        traceId,
        execution.batchSize);
  }
}
