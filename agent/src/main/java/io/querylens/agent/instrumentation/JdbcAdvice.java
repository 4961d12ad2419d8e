package io.querylens.agent.instrumentation;

/**
 * What the agent adds to one JDBC method: a call to the bootstrap bridge on entry, on return, on
 * throw, or several of them. {@link AdviceWeaver} writes the bytecode; {@link JdbcMethods} picks
 * the advice for each method.
 */
enum JdbcAdvice {
  /**
   * {@code execute(String, ..)}, {@code executeQuery(String)}, {@code executeUpdate(String, ..)}.
   */
  EXECUTE_SQL(true),
  /** A prepared statement's own {@code execute()}, {@code executeQuery()}, ... */
  EXECUTE_PREPARED(true),
  /**
   * {@code executeQuery(String)} with rows counted: on return the bridge is also handed the result
   * set, to count the rows the application reads from it.
   */
  EXECUTE_QUERY_SQL(true),
  /** A prepared statement's own {@code executeQuery()}, with rows counted. */
  EXECUTE_QUERY_PREPARED(true),
  /**
   * {@code execute(String, ..)} with rows counted: on return the bridge is also handed whether it
   * produced a result set, and the statement, which keeps the execution for {@code getResultSet()}.
   */
  EXECUTE_RESULTS_SQL(true),
  /** A prepared statement's own {@code execute()}, with rows counted. */
  EXECUTE_RESULTS_PREPARED(true),
  /** {@code Statement.getResultSet()}, with rows counted: hands the result set to the bridge. */
  RESULT_SET_FETCH(false),
  /** {@code getMoreResults()} and {@code getMoreResults(int)}, with rows counted: told on entry. */
  MORE_RESULTS(false),
  /** {@code executeBatch()} and {@code executeLargeBatch()}. */
  EXECUTE_BATCH(true),
  /** {@code addBatch(String)}: told once the driver accepted it. */
  ADD_BATCH_SQL(false),
  /** A prepared statement's {@code addBatch()}. */
  ADD_BATCH(false),
  /** {@code clearBatch()}: told on return and on throw. */
  CLEAR_BATCH(true),
  /**
   * A statement's or a connection's {@code close()}: told on return only (a close that failed may
   * leave the statement open, and then what the agent keeps for it goes with the statement, as
   * before).
   */
  CLOSE(false),
  /** {@code Connection.prepareStatement(String, ..)} and {@code prepareCall(String, ..)}. */
  PREPARE(false),
  /**
   * {@code Driver.connect(String, Properties)}: told the connection on return; on entry and on
   * every exit the call depth is raised and lowered, so the driver's own statements are untraced.
   */
  CONNECT(true),
  /**
   * A {@code Connection} method that may run the driver's own SQL ({@code getCatalog}, {@code
   * getSchema}, {@code isValid}, {@code setTransactionIsolation}, ...), as pools call them at
   * checkout: the call depth is raised on entry and lowered on every exit.
   */
  DRIVER_WORK(true),
  /**
   * {@code Connection.commit()} and {@code rollback()}: as {@link #DRIVER_WORK}, and on return the
   * bridge is told a transaction ended.
   */
  TRANSACTION_END(true),
  /** {@code Connection.setAutoCommit(boolean)}: as {@link #DRIVER_WORK}, and told on return. */
  AUTO_COMMIT(true),
  /** {@code setInt(int, int)}, {@code setString(int, String)}, ...: only with capture on. */
  SET_VALUE(false),
  /** {@code setNull(int, int, ..)}, whose second argument is a type code, not a value. */
  SET_NULL(false),
  /** {@code clearParameters()}: told on return and on throw. */
  CLEAR_PARAMETERS(true),
  /** {@code ResultSet.next()}: counted in the result set's own fields, no bridge call per row. */
  ROW_NEXT(true),
  /** {@code previous()}, {@code first()}, {@code last()}, {@code absolute(int)}, ... */
  ROW_MOVE(true),
  /** {@code ResultSet.close()}: hands the count over. */
  RESULT_SET_CLOSE(true);

  private final boolean onThrow;

  JdbcAdvice(boolean onThrow) {
    this.onThrow = onThrow;
  }

  /** Whether the bridge is also told when the method throws. */
  boolean onThrow() {
    return onThrow;
  }
}
