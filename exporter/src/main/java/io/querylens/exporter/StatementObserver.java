package io.querylens.exporter;

import io.querylens.core.sql.StatementShape;
import io.querylens.core.sql.StatementShapeCache;

/**
 * The narrow interface the agent records statements through. One call per outermost JDBC execution:
 * {@link #start} when it begins, {@link #end} when it returns or throws.
 */
public interface StatementObserver {

  /** Observes nothing; chosen once when tracing is disabled, so the JIT can erase the calls. */
  StatementObserver NOOP = new NoopStatementObserver();

  /**
   * A statement starts executing.
   *
   * @param batchSize the number of operations for {@code executeBatch}, or {@link #NOT_A_BATCH}
   * @param mixedBatch the batch's operations are of different statements (a plain {@code
   *     Statement}'s batch of several SQL texts)
   * @return the scope to hand to {@link #end}; never null
   */
  Object start(ConnectionFacts connection, StatementShape shape, int batchSize, boolean mixedBatch);

  /**
   * Like {@link #start}, for a SQL text whose shape {@code shapes} does not hold yet: the observer
   * finds it with {@link StatementShapeCache#shapeOf}, on its own thread when it records there, so
   * that the application's thread does not fingerprint a statement it may never run again.
   */
  default Object startUnshaped(
      ConnectionFacts connection,
      String sql,
      StatementShapeCache shapes,
      int batchSize,
      boolean mixedBatch) {
    return start(connection, shapes.shapeOf(sql), batchSize, mixedBatch);
  }

  /**
   * The bind values of the execution {@link #start} returned {@code scope} for, by 0-based position
   * (null where none was set), recorded on its span only: never on a metric, never in a log. Called
   * only when the user turned bind-value capture on.
   */
  void bindValues(Object scope, String[] values);

  /**
   * On the application's thread: the W3C {@code traceparent} of the application's span that the
   * execution {@link #start} returned {@code scope} for runs in, or null when it runs in none.
   * Asked only when the user turned trace-context propagation into the database on.
   */
  default String traceparent(Object scope) {
    return null;
  }

  /**
   * On the application's thread: {@code sql} with the traceparent of the application's span that
   * the execution {@link #start} returned {@code scope} for runs in, as a trailing sqlcommenter
   * comment; {@code sql} itself when it runs in none. Asked only when the user turned the trace
   * comment on.
   */
  default String withTraceparentComment(Object scope, String sql) {
    return sql;
  }

  /**
   * As {@link #withTraceparentComment}, with the application's current span: for what happens
   * before an execution starts ({@code addBatch(sql)}).
   */
  default String withCurrentTraceparentComment(String sql) {
    return sql;
  }

  /**
   * On the application's thread: whether {@link #traceparent} would answer exactly {@code
   * candidate}, found without building it (no allocation).
   */
  default boolean traceparentIs(Object scope, String candidate) {
    return false;
  }

  /**
   * The statement that {@link #start} returned {@code scope} for has ended, with {@code error} or
   * null.
   */
  void end(Object scope, Throwable error);

  /**
   * The execution {@link #start} returned {@code scope} for returned a result set whose rows will
   * be counted: true when its record is to wait for {@link #rowsRead} (before {@link #end}).
   */
  default boolean awaitRows(Object scope) {
    return false;
  }

  /** The rows the application read from the result set of the execution {@code scope}. */
  default void rowsRead(Object scope, long rows) {}

  /**
   * On the application's thread, after {@link #start}: the execution {@code scope} runs inside
   * database transaction number {@code transaction} of physical connection {@code connection}
   * (autocommit off); told only while N+1 loops are looked for.
   */
  default void inTransaction(Object scope, long connection, long transaction) {}

  int NOT_A_BATCH = -1;
}
