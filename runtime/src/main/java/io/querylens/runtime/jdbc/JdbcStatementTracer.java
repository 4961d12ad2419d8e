package io.querylens.runtime.jdbc;

import io.querylens.core.sql.StatementShape;
import io.querylens.core.sql.StatementShapeCache;
import io.querylens.exporter.ConnectionFacts;
import io.querylens.exporter.StatementObserver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;

/**
 * Turns the bridge's raw JDBC events into observed statements: remembers each prepared statement's
 * SQL and each batch's operations, finds the statement's shape in the bounded cache and the
 * connection's facts, and hands them to the {@link StatementObserver}.
 *
 * <p>The agent's bytecode bridge and the library's JDBC wrappers both call it: every method may be
 * called from any application thread, and the callers guard against anything it throws.
 */
public final class JdbcStatementTracer {

  private final StatementObserver observer;
  private final StatementShapeCache shapes;
  private final ConnectionFactsResolver connections;
  private final PostgresDiscovery discovery;
  private final BindValueCapture bindValues;
  private final ApplicationNamePropagation traceContext;
  private final TransactionTracking transactions;
  private final TraceparentComments comments;
  private final WeakIdentityMap<Object, String> sqlByStatement = new WeakIdentityMap<>();
  private final WeakIdentityMap<Object, BatchState> batches = new WeakIdentityMap<>();
  private final LongAdder unknownSql = new LongAdder();

  /**
   * @param discovery starts sampling the PostgreSQL servers the application connects to; null when
   *     sampling is off
   * @param captureBindValues put each prepared statement's bind values on its spans (opt-in: they
   *     are the application's data)
   * @param propagateTraceContext set each PostgreSQL session's {@code application_name} to the
   *     traceparent of the request its statements run for (opt-in: a round trip per change)
   */
  public JdbcStatementTracer(
      StatementObserver observer,
      StatementShapeCache shapes,
      OwnConnections own,
      PostgresDiscovery discovery,
      boolean captureBindValues,
      boolean propagateTraceContext) {
    this(observer, shapes, own, discovery, captureBindValues, propagateTraceContext, false, false);
  }

  /**
   * @param followTransactions tell the observer the database transaction each statement runs in
   *     (autocommit off), for the N+1 watch's statements outside any application trace
   * @param commentTraceparent send each plain statement's text with a trailing sqlcommenter comment
   *     naming the application's span it runs in (opt-in: the text changes per request)
   */
  public JdbcStatementTracer(
      StatementObserver observer,
      StatementShapeCache shapes,
      OwnConnections own,
      PostgresDiscovery discovery,
      boolean captureBindValues,
      boolean propagateTraceContext,
      boolean followTransactions,
      boolean commentTraceparent) {
    this.observer = observer;
    this.shapes = shapes;
    this.connections = new ConnectionFactsResolver(own);
    this.discovery = discovery;
    this.bindValues = captureBindValues ? BindValueCapture.perStatement() : BindValueCapture.OFF;
    this.traceContext =
        propagateTraceContext
            ? ApplicationNamePropagation.on(connections)
            : ApplicationNamePropagation.OFF;
    this.transactions =
        followTransactions ? TransactionTracking.on(connections) : TransactionTracking.OFF;
    this.comments = commentTraceparent ? TraceparentComments.on(observer) : TraceparentComments.OFF;
  }

  public void connected(Object driver, String url, Object properties, Object connection) {
    connections.connected(connection);
    if (discovery != null) {
      discovery.connected(driver, url, properties, connection);
    }
  }

  public void prepared(Object statement, String sql) {
    // Drivers prepare through a chain of overloads, each rewritten, and pools wrap the driver's
    // statement: a statement already known with this SQL costs a look-up, not a second insert.
    if (statement != null && sql != null && sqlByStatement.get(statement) != sql) {
      sqlByStatement.put(statement, sql);
    }
  }

  /**
   * A statement or a connection was closed: it executes nothing more, so what is kept for it goes
   * now. Without this an application that prepares per call (as every pool does) fills the maps
   * with closed statements until a collection clears them, and each of those entries costs the
   * garbage collector a weak reference to process and the next insert a longer chain to walk.
   */
  public void closed(Object statementOrConnection) {
    sqlByStatement.removeIfPresent(statementOrConnection);
    batches.removeIfPresent(statementOrConnection);
    bindValues.cleared(statementOrConnection);
    connections.closed(statementOrConnection);
  }

  /** {@code setAutoCommit(autoCommit)} returned on {@code connection}. */
  public void autoCommitSet(Object connection, boolean autoCommit) {
    transactions.autoCommitSet(connection, autoCommit);
  }

  /** {@code commit()} or {@code rollback()} returned on {@code connection}: a transaction ended. */
  public void transactionEnded(Object connection) {
    transactions.ended(connection);
  }

  public void batchAdded(Object statement, String sql) {
    sql = comments.applicationSql(sql);
    BatchState batch = batches.get(statement);
    if (batch == null) {
      batch = new BatchState();
      batches.put(statement, batch);
    }
    if (sql == null) {
      batch.add();
    } else {
      // Fingerprinted now, as an unbatched statement would be, so that a batch of generated
      // INSERTs differing only in literals is one statement, not a "mixed" batch.
      batch.add(sql, shapes.shapeOf(sql).fingerprint().asLong());
    }
  }

  public void batchCleared(Object statement) {
    batches.remove(statement);
  }

  public void parameterSet(Object statement, int index, Object value) {
    bindValues.set(statement, index, value);
  }

  public void parametersCleared(Object statement) {
    bindValues.cleared(statement);
  }

  public Object start(Object statement, String sql, boolean batch) {
    if (!(statement instanceof Statement)) {
      return null;
    }
    // Only a prepared statement's own single execution: the conventions keep parameters off
    // batches, and the SQL-taking forms have no parameters.
    boolean withBindValues = sql == null && !batch;
    int batchSize = StatementObserver.NOT_A_BATCH;
    boolean mixedBatch = false;
    if (batch) {
      // JDBC empties the batch on execution, whatever its outcome.
      BatchState state = batches.remove(statement);
      batchSize = state == null ? 0 : state.operations();
      sql = state == null ? null : state.sql();
      mixedBatch = state != null && state.mixed();
    }
    if (sql == null) {
      sql = sqlByStatement.get(statement);
    }
    if (sql == null) {
      unknownSql.increment();
      return null;
    }
    KnownConnection connection;
    try {
      connection = connections.of((Statement) statement);
    } catch (SQLException e) {
      // A closed statement or connection: the driver is about to say so to the application.
      return null;
    }
    if (connection == null) {
      return null; // the agent's own connection
    }
    ConnectionFacts facts = connection.facts;
    // A text seen before is a cache hit; a new one is the observer's to fingerprint, off this
    // thread when it can.
    StatementShape shape = shapes.cachedShapeOf(sql);
    Object scope =
        shape != null
            ? observer.start(facts, shape, batchSize, mixedBatch)
            : observer.startUnshaped(facts, sql, shapes, batchSize, mixedBatch);
    if (withBindValues) {
      bindValues.executing(statement, scope, observer);
    }
    traceContext.beforeExecution((Statement) statement, connection, scope, observer);
    transactions.beforeExecution(connection, scope, observer);
    return scope;
  }

  /**
   * The text a plain statement's {@code execute*(sql)} sends, for the execution {@link #start}
   * returned {@code scope} for (not null): {@code sql} itself unless the trace comment is on.
   */
  public String sqlToSend(Object statement, Object scope, String sql) {
    return comments.sqlToSend(statement, scope, sql);
  }

  /** The text a plain statement's {@code addBatch(sql)} sends: as {@link #sqlToSend}. */
  public String batchSqlToSend(Object statement, String sql) {
    return comments.batchSqlToSend(statement, sql);
  }

  public void end(Object scope, Throwable thrown) {
    observer.end(scope, thrown);
  }

  /**
   * The execution {@code scope} returned a result set, and the caller can count the rows the
   * application reads from it (the agent's rewritten result set classes, the library's wrapper):
   * true when the count is wanted, to be handed over once through {@link #rowsRead}. The
   * execution's record then waits for it, a bounded time. Call before {@link #end}.
   */
  public boolean resultSetOpened(Object scope) {
    return observer.awaitRows(scope);
  }

  /**
   * The application read {@code rows} rows from the result set of the execution {@code scope}: it
   * went past the last row, or closed the result set (or its statement).
   */
  public void rowsRead(Object scope, long rows) {
    observer.rowsRead(scope, rows);
  }

  /** Statements whose SQL or pending batch is held (a test's view of the bound). */
  int statementsHeld() {
    return sqlByStatement.size() + batches.size();
  }

  /** Executions whose SQL the agent never saw (statements prepared before it attached). */
  public long unknownSqlCount() {
    return unknownSql.sum();
  }
}
