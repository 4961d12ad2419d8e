package io.querylens.library;

import io.querylens.core.log.AgentLog;
import io.querylens.runtime.jdbc.JdbcStatementTracer;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the wrappers call, in the application's threads: the runtime's statement tracer behind the
 * same guards as the agent's bootstrap bridge. Every Throwable of ours is caught here and counted,
 * so the application's JDBC call goes on as without QueryLens; only the outermost execution on a
 * thread is recorded.
 */
final class StatementTracing {

  /** Marks a nested execution: not recorded, but its end must still lower the depth. */
  private static final Object NESTED = new Object();

  /** Marks an outermost execution that is not recorded (unknown SQL, or a failure of ours). */
  private static final Object UNTRACED = new Object();

  private final JdbcStatementTracer tracer;
  private final boolean capturesBindValues;
  private final boolean countsRows;
  private final LongAdder failures = new LongAdder();

  StatementTracing(JdbcStatementTracer tracer, boolean capturesBindValues) {
    this(tracer, capturesBindValues, true);
  }

  /**
   * @param countsRows whether query result sets count the rows read ({@code rows.enabled})
   */
  StatementTracing(JdbcStatementTracer tracer, boolean capturesBindValues, boolean countsRows) {
    this.tracer = tracer;
    this.capturesBindValues = capturesBindValues;
    this.countsRows = countsRows;
  }

  boolean capturesBindValues() {
    return capturesBindValues;
  }

  void connected(Object driver, String url, Object properties, Object connection) {
    try {
      tracer.connected(driver, url, properties, connection);
    } catch (Throwable t) {
      failed(t);
    }
  }

  void prepared(Object statement, String sql) {
    try {
      tracer.prepared(statement, sql);
    } catch (Throwable t) {
      failed(t);
    }
  }

  /** {@code setAutoCommit(autoCommit)} returned normally on {@code connection}. */
  void autoCommitSet(Object connection, boolean autoCommit) {
    try {
      tracer.autoCommitSet(connection, autoCommit);
    } catch (Throwable t) {
      failed(t);
    }
  }

  /** {@code commit()} or {@code rollback()} returned normally on {@code connection}. */
  void transactionEnded(Object connection) {
    try {
      tracer.transactionEnded(connection);
    } catch (Throwable t) {
      failed(t);
    }
  }

  void batchAdded(Object statement, String sql) {
    try {
      tracer.batchAdded(statement, sql);
    } catch (Throwable t) {
      failed(t);
    }
  }

  void batchCleared(Object statement) {
    try {
      tracer.batchCleared(statement);
    } catch (Throwable t) {
      failed(t);
    }
  }

  void parameterSet(Object statement, int index, Object value) {
    try {
      tracer.parameterSet(statement, index, value);
    } catch (Throwable t) {
      failed(t);
    }
  }

  void parametersCleared(Object statement) {
    try {
      tracer.parametersCleared(statement);
    } catch (Throwable t) {
      failed(t);
    }
  }

  /**
   * {@code close()} returned normally on a statement or connection: what was held for it (its SQL,
   * batch, a pool wrapper's facts) is forgotten now, as the agent's close hook does.
   */
  void closed(Object statementOrConnection) {
    try {
      tracer.closed(statementOrConnection);
    } catch (Throwable t) {
      failed(t);
    }
  }

  /** An execution starts; the scope returned goes to {@link #end}, null only if no depth raised. */
  Object start(Object statement, String sql, boolean batch) {
    try {
      if (!CallDepth.enter()) {
        return NESTED;
      }
    } catch (Throwable t) {
      failed(t);
      return null;
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
   * The text a plain statement's {@code execute*(sql)} sends for the execution {@link #start}
   * returned {@code scope} for: {@code sql}, with the trace comment when it is on. A failure of
   * ours sends {@code sql} as written.
   */
  String sqlToSend(Object statement, Object scope, String sql) {
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

  /** The text a plain statement's {@code addBatch(sql)} sends: as {@link #sqlToSend}. */
  String batchSqlToSend(Object statement, String sql) {
    try {
      String sent = tracer.batchSqlToSend(statement, sql);
      return sent == null ? sql : sent;
    } catch (Throwable t) {
      failed(t);
      return sql;
    }
  }

  void end(Object scope, Throwable thrown) {
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
   * A recorded query returned a result set: whether its rows are to be counted and handed to {@link
   * #rowsRead} (its record then waits for them). Called before {@link #end}.
   */
  boolean resultSetOpened(Object scope) {
    if (!countsRows || scope == null || scope == NESTED || scope == UNTRACED) {
      return false;
    }
    try {
      return tracer.resultSetOpened(scope);
    } catch (Throwable t) {
      failed(t);
      return false;
    }
  }

  /** The application read {@code rows} rows of the result set of {@code scope}'s execution. */
  void rowsRead(Object scope, long rows) {
    try {
      tracer.rowsRead(scope, rows);
    } catch (Throwable t) {
      failed(t);
    }
  }

  /** Failures of our own code on the application's threads, each swallowed. */
  long failures() {
    return failures.sum();
  }

  void failed(Throwable t) {
    try {
      failures.increment();
      AgentLog.warnOnce(
          "library-failure:" + t.getClass().getName(),
          "internal error, the application's statement went on untraced: " + t);
    } catch (Throwable ignored) {
      // Nothing left to tell: the application's call must go on untouched.
    }
  }
}
