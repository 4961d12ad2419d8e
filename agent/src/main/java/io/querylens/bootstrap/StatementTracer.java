package io.querylens.bootstrap;

/**
 * What the bridge calls into. Implemented inside the agent's own class loader; this interface lives
 * on the bootstrap class path so that advice inlined into any JDBC driver can reach it.
 *
 * <p>Every method may be called from any application thread and must never throw into the caller
 * (the bridge guards against it anyway).
 */
public interface StatementTracer {

  /**
   * {@code Driver.connect(url, properties)} returned {@code connection}: how the agent learns which
   * databases the application uses, and how to reach them.
   */
  void connected(Object driver, String url, Object properties, Object connection);

  /** {@code Connection.prepareStatement/prepareCall(sql)} returned {@code statement}. */
  void prepared(Object statement, String sql);

  /**
   * {@code close()} returned normally on a statement or a connection: what is kept for it can go
   * now, not at the next garbage collection (a pool prepares a new statement per call and hands out
   * a new connection wrapper per checkout, thousands a second).
   */
  void closed(Object statementOrConnection);

  /** {@code setAutoCommit(autoCommit)} returned normally on {@code connection}. */
  default void autoCommitSet(Object connection, boolean autoCommit) {}

  /** {@code commit()} or {@code rollback()} returned normally on {@code connection}. */
  default void transactionEnded(Object connection) {}

  /** {@code addBatch(sql)} (sql given) or {@code addBatch()} (sql null) on {@code statement}. */
  void batchAdded(Object statement, String sql);

  /** {@code clearBatch()} on {@code statement}. */
  void batchCleared(Object statement);

  /**
   * {@code setXxx(index, value, ...)} returned normally on a prepared statement: {@code index} is
   * JDBC's (1-based), {@code value} null for {@code setNull}. Called only when bind-value capture
   * is on: otherwise those methods are never instrumented.
   */
  void parameterSet(Object statement, int index, Object value);

  /** {@code clearParameters()} on a prepared statement (only when bind-value capture is on). */
  void parametersCleared(Object statement);

  /**
   * An outermost {@code execute*} call starts. {@code sql} is the argument of the String forms, or
   * null for a prepared statement's own SQL.
   *
   * @return a scope handed back to {@link #end}, or null when this execution is not traced
   */
  Object start(Object statement, String sql, boolean batch);

  /**
   * The text a plain statement's {@code execute*(sql)} is to send, for the execution {@link #start}
   * returned {@code scope} for: {@code sql} itself, or with a trailing traceparent comment. Called
   * only when the comment is on (otherwise the call is not written into the driver at all).
   */
  default String sqlToSend(Object statement, Object scope, String sql) {
    return sql;
  }

  /** As {@link #sqlToSend}, for {@code addBatch(sql)}, before the driver takes it. */
  default String batchSqlToSend(Object statement, String sql) {
    return sql;
  }

  /** The execution that {@link #start} returned {@code scope} for has ended. */
  void end(Object scope, Throwable thrown);

  /**
   * The execution {@code scope} returned a result set whose rows the agent counts: true when the
   * tracer awaits them through {@link #rowsRead}, which then makes the execution's record wait for
   * them (its span still ends when the call returned). Called before {@link #end}.
   */
  default boolean resultSetOpened(Object scope) {
    return false;
  }

  /**
   * The application read {@code rows} rows of the result set the execution {@code scope} returned:
   * it went past the last one, or closed it. Called at most once per execution.
   */
  default void rowsRead(Object scope, long rows) {}
}
