package io.querylens.bootstrap;

/**
 * The one class the rewritten JDBC methods call. It lives on the bootstrap class path, so a driver
 * class in any class loader can reach it; the implementation it forwards to lives in the agent's
 * isolated class loader and is set once at startup.
 *
 * <p>Every method catches every Throwable: the calls are written straight into the driver's
 * bytecode, with no handler of their own, so nothing of the agent's may ever leave them.
 *
 * <p>Only the outermost JDBC call on a thread is traced: pools wrap drivers (HikariCP's proxy
 * statement calls pgjdbc's), and drivers run statements of their own inside {@code execute}.
 */
public final class QueryLensBridge {

  /** Marks a nested execution: not traced, but its exit must still unwind the depth. */
  private static final Object NESTED = new Object();

  /** Marks an outermost execution that is not traced (disabled, unknown SQL, or agent failure). */
  private static final Object UNTRACED = new Object();

  private static volatile StatementTracer tracer = NoopStatementTracer.INSTANCE;

  private static volatile FailureListener failureListener = FailureListener.IGNORE;

  private QueryLensBridge() {}

  /** Called once by the agent at startup. */
  public static void install(StatementTracer implementation, FailureListener onFailure) {
    failureListener = onFailure;
    tracer = implementation;
  }

  public static void onConnected(Object driver, String url, Object properties, Object connection) {
    try {
      tracer.connected(driver, url, properties, connection);
    } catch (Throwable t) {
      failed(t);
    }
  }

  public static void onPrepared(Object statement, String sql) {
    try {
      tracer.prepared(statement, sql);
    } catch (Throwable t) {
      failed(t);
    }
  }

  public static void onClosed(Object statement) {
    try {
      if (statement instanceof PendingResults) {
        over(tracer, ((PendingResults) statement).querylens$swapPending(null), true);
      }
      tracer.closed(statement);
    } catch (Throwable t) {
      failed(t);
    }
  }

  /** Called on return of {@code Connection.setAutoCommit(autoCommit)}. */
  public static void onAutoCommit(Object connection, boolean autoCommit) {
    try {
      tracer.autoCommitSet(connection, autoCommit);
    } catch (Throwable t) {
      failed(t);
    }
  }

  /** Called on return of {@code Connection.commit()} and {@code rollback()}. */
  public static void onTransactionEnd(Object connection) {
    try {
      tracer.transactionEnded(connection);
    } catch (Throwable t) {
      failed(t);
    }
  }

  public static void onBatchAdded(Object statement, String sql) {
    try {
      tracer.batchAdded(statement, sql);
    } catch (Throwable t) {
      failed(t);
    }
  }

  public static void onBatchCleared(Object statement) {
    try {
      tracer.batchCleared(statement);
    } catch (Throwable t) {
      failed(t);
    }
  }

  public static void onParameterSet(Object statement, int index, Object value) {
    try {
      tracer.parameterSet(statement, index, value);
    } catch (Throwable t) {
      failed(t);
    }
  }

  public static void onParametersCleared(Object statement) {
    try {
      tracer.parametersCleared(statement);
    } catch (Throwable t) {
      failed(t);
    }
  }

  /**
   * Called on entry of {@code Driver.connect} and of the {@code Connection} methods that may run
   * the driver's own SQL: the statements a driver runs there (SQLite's pragmas while connecting,
   * pgjdbc's {@code select current_catalog} in {@code getCatalog}) are its own, not the
   * application's, so they count as nested. Returns null only when the depth could not be raised.
   */
  public static Object onDriverWorkStart() {
    try {
      CallDepth.enter();
      return NESTED;
    } catch (Throwable t) {
      failed(t);
      return null; // the exit then does nothing
    }
  }

  /** Called on exit of what {@link #onDriverWorkStart} was called for, on return and on throw. */
  public static void onDriverWorkEnd(Object depthRaised) {
    if (depthRaised == null) {
      return;
    }
    try {
      CallDepth.exit();
    } catch (Throwable t) {
      failed(t);
    }
  }

  /**
   * Called on entry of every {@code execute*}. Returns null only when the depth could not be
   * raised, so that the exit can tell "the depth was raised" (any non-null value) from that
   * failure.
   */
  public static Object onExecuteStart(Object statement, String sql, boolean batch) {
    try {
      if (!CallDepth.enter()) {
        return NESTED;
      }
    } catch (Throwable t) {
      failed(t);
      return null; // the exit then does nothing
    }
    try {
      Object scope = tracer.start(statement, sql, batch);
      return scope == null ? UNTRACED : scope;
    } catch (Throwable t) {
      failed(t);
      return UNTRACED;
    }
  }

  /**
   * Called on entry of a plain statement's {@code execute*(sql)}, after {@link #onExecuteStart}
   * returned {@code scope}, when the trace comment is on: the text the driver is to run instead of
   * {@code sql}. Anything but an outermost traced execution, and any failure, keeps {@code sql}.
   */
  public static String onSqlToSend(Object statement, Object scope, String sql) {
    if (scope == null || scope == NESTED || scope == UNTRACED) {
      return sql;
    }
    try {
      String sent = tracer.sqlToSend(statement, scope, sql);
      return sent == null ? sql : sent;
    } catch (Throwable t) {
      failed(t);
      return sql;
    }
  }

  /**
   * Called on entry of {@code addBatch(sql)} when the trace comment is on: as {@link #onSqlToSend}.
   */
  public static String onBatchSqlToSend(Object statement, String sql) {
    try {
      String sent = tracer.batchSqlToSend(statement, sql);
      return sent == null ? sql : sent;
    } catch (Throwable t) {
      failed(t);
      return sql;
    }
  }

  /** Called on exit of every {@code execute*}, on return and on throw. */
  public static void onExecuteEnd(Object scope, Throwable thrown) {
    if (scope == null) {
      return;
    }
    try {
      CallDepth.exit();
      if (scope != NESTED && scope != UNTRACED) {
        tracer.end(scope, thrown);
      }
    } catch (Throwable t) {
      failed(t);
    }
  }

  /**
   * Called on exit of an {@code execute*} that returns a result set, on return; a throw goes to
   * {@link #onExecuteEnd}. A result set of a class the agent counts rows of is told its execution,
   * so that its next() and close() hand the count over later.
   */
  public static void onQueryEnd(Object scope, Object resultSet) {
    if (scope == null) {
      return;
    }
    try {
      CallDepth.exit();
      if (scope == NESTED || scope == UNTRACED) {
        return;
      }
      StatementTracer current = tracer;
      if (resultSet instanceof CountedRows && current.resultSetOpened(scope)) {
        ((CountedRows) resultSet).querylens$track(scope);
      }
      current.end(scope, null);
    } catch (Throwable t) {
      failed(t);
    }
  }

  /**
   * Called on exit of an {@code execute*} that returns whether it produced a result set, on return;
   * a throw goes to {@link #onExecuteEnd}. When it did, and {@code statement} keeps a pending
   * execution ({@link PendingResults}), the execution's record waits for the rows the application
   * reads from the result set {@code getResultSet()} hands it next. What the statement's earlier
   * execution left is over: JDBC closes a statement's result set when it runs again.
   */
  public static void onExecuteResultsEnd(Object scope, boolean results, Object statement) {
    if (scope == null) {
      return;
    }
    try {
      CallDepth.exit();
      if (scope == NESTED || scope == UNTRACED) {
        return;
      }
      StatementTracer current = tracer;
      if (statement instanceof PendingResults) {
        Object pending = results && current.resultSetOpened(scope) ? scope : null;
        over(current, ((PendingResults) statement).querylens$swapPending(pending), true);
      }
      current.end(scope, null);
    } catch (Throwable t) {
      failed(t);
    }
  }

  /**
   * Called on exit of {@code getResultSet()}, on return: the first result set fetched after an
   * execution that produced one counts its rows for that execution, and the statement keeps it
   * until it runs again, moves to its next result or closes (drivers close it then without calling
   * its {@code close()}). Later calls (the same result set again, or the next one after {@code
   * getMoreResults}) count nothing.
   */
  public static void onResultSetFetched(Object statement, Object resultSet) {
    try {
      if (!(statement instanceof PendingResults)) {
        return;
      }
      PendingResults pending = (PendingResults) statement;
      Object kept = pending.querylens$swapPending(null);
      if (kept == null) {
        return;
      }
      if (kept instanceof CountedRows) {
        pending.querylens$swapPending(kept); // fetched before: it still counts
      } else if (resultSet instanceof CountedRows) {
        ((CountedRows) resultSet).querylens$track(kept);
        pending.querylens$swapPending(resultSet);
      } else {
        tracer.rowsRead(kept, RowCounts.HANDED_OVER); // a result set whose rows nobody counts
      }
    } catch (Throwable t) {
      failed(t);
    }
  }

  /**
   * Called on entry of {@code getMoreResults(current)} ({@code 1}, close the current result set,
   * for the form without argument): the result set of an execution not fetched by now is never
   * read, so its execution read no rows; a fetched one is closed unless the application keeps it.
   */
  public static void onMoreResults(Object statement, int current) {
    try {
      if (statement instanceof PendingResults) {
        Object kept = ((PendingResults) statement).querylens$swapPending(null);
        over(tracer, kept, current != KEEP_CURRENT_RESULT);
      }
    } catch (Throwable t) {
      failed(t);
    }
  }

  /** {@code java.sql.Statement.KEEP_CURRENT_RESULT}: the bootstrap bridge names no JDBC type. */
  private static final int KEEP_CURRENT_RESULT = 2;

  /**
   * What a statement kept is over: an execution whose result set was never fetched read no rows; a
   * fetched result set hands its count over if {@code closed}, as its own close would.
   */
  private static void over(StatementTracer current, Object kept, boolean closed) {
    if (kept instanceof CountedRows) {
      if (closed) {
        ((CountedRows) kept).querylens$closed();
      }
    } else if (kept != null) {
      current.rowsRead(kept, 0);
    }
  }

  /** Called by a counted result set when the application went past its last row or closed it. */
  public static void onRowsRead(Object scope, long rows) {
    try {
      tracer.rowsRead(scope, rows);
    } catch (Throwable t) {
      failed(t);
    }
  }

  private static void failed(Throwable t) {
    try {
      failureListener.agentFailed(t);
    } catch (Throwable ignored) {
      // Nothing left to tell: the application's call must go on untouched.
    }
  }

  /** Told about every Throwable the agent's own code raised on an application thread. */
  public interface FailureListener {
    FailureListener IGNORE = t -> {};

    void agentFailed(Throwable t);
  }
}
