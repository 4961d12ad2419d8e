package io.querylens.exporter;

/**
 * One execution of a statement, from its start on the application's thread to its recording, which
 * may happen later on the agent's own thread: the only object an execution allocates.
 */
class StatementExecution {

  /** Final but for an {@link UnshapedExecution}, whose recording thread sets it first. */
  StatementAttributes attributes;

  final long startNanos;

  /** {@link StatementObserver#NOT_A_BATCH}, or the number of operations of an executeBatch. */
  final int batchSize;

  // Written by the application's thread before the execution is queued (or recorded in place);
  // the queue's publication makes them visible to the recording thread.
  String[] bindValues;

  /**
   * The application's current {@code Span} when the execution started (an object of the
   * application's OpenTelemetry API, read through {@link #tracing}), or null: its context becomes
   * the span's parent on the recording thread, so that the application's thread only keeps a
   * reference; an N+1 finding reads its name there too.
   */
  Object applicationSpan;

  ApplicationTracing tracing = ApplicationTracing.NONE;

  /**
   * The physical connection (a number of ours, from 1) whose database transaction the execution ran
   * in, with autocommit off, or {@link #NO_TRANSACTION}; and that transaction's number on it.
   */
  long transactionConnection = NO_TRANSACTION;

  long transaction;

  static final long NO_TRANSACTION = 0;

  long endNanos;
  Throwable error;

  /**
   * The rows the application read from the result set, or {@link #NO_ROWS}. Written by the
   * application's thread before {@link #rowsPending} is cleared, which publishes it.
   */
  long returnedRows = NO_ROWS;

  /** Set before the execution is queued, cleared once its rows are known (on any thread). */
  private volatile boolean rowsPending;

  static final long NO_ROWS = -1;

  StatementExecution(StatementAttributes attributes, long startNanos, int batchSize) {
    this.attributes = attributes;
    this.startNanos = startNanos;
    this.batchSize = batchSize;
  }

  void ended(long endNanos, Throwable error) {
    this.endNanos = endNanos;
    this.error = error;
  }

  /** Its record is to wait for {@link #rowsRead}; called before it is queued. */
  void awaitRows() {
    rowsPending = true;
  }

  void rowsRead(long rows) {
    returnedRows = rows;
    rowsPending = false;
  }

  boolean rowsPending() {
    return rowsPending;
  }

  long durationNanos() {
    return endNanos - startNanos;
  }
}
