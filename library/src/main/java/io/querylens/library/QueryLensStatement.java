package io.querylens.library;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;

/**
 * A driver's (or pool's) {@code Statement} whose executions are recorded. The tracer is called with
 * the delegate, exactly as the agent calls it from inside the driver's own class, so the two modes
 * see the same objects: the same SQL remembered, the same connection facts.
 *
 * <p>The wrapper classes are public, their constructors not: frameworks that look a JDBC method up
 * on the object's own class (rather than its interface) and call it reflectively can, as they can
 * on a driver's public classes.
 */
public class QueryLensStatement implements Statement {

  final Statement delegate;
  final QueryLensConnection connection;
  final StatementTracing tracing;

  QueryLensStatement(Statement delegate, QueryLensConnection connection, StatementTracing tracing) {
    this.delegate = delegate;
    this.connection = connection;
    this.tracing = tracing;
  }

  /** The last result set this statement's executions returned, until its rows are handed over. */
  private QueryLensResultSet lastResults;

  /**
   * The {@code execute(..)} that produced a result set the application has not fetched yet with
   * {@code getResultSet()}: that result set counts its rows for it.
   */
  private Object unfetched;

  /**
   * Every result set an execution returns passes here: it counts its rows when {@code counting} is
   * the execution's scope (its record waits for them), and is returned as it is when null.
   */
  final ResultSet queried(ResultSet results, Object counting) {
    handOverRows();
    if (results == null || counting == null) {
      return results;
    }
    QueryLensResultSet counted = new QueryLensResultSet(results, this, tracing, counting);
    lastResults = counted;
    return counted;
  }

  /**
   * An {@code execute(..)} returned {@code results}: when true and {@code counting} is its scope,
   * the result set {@code getResultSet()} hands out next counts its rows for it.
   */
  final boolean executed(boolean results, Object counting) {
    handOverRows();
    unfetched = results ? counting : null;
    return results;
  }

  /**
   * Before {@link StatementTracing#end}: the scope to count an execute's result set for, or null.
   */
  final Object countingIf(boolean results, Object scope) {
    return results && tracing.resultSetOpened(scope) ? scope : null;
  }

  /**
   * The driver closes a statement's result set with it, when it runs again, or on {@code
   * getMoreResults}: so do we. An execute's result set never fetched by then was never read.
   */
  final void handOverRows() {
    neverFetched();
    QueryLensResultSet open = lastResults;
    if (open != null) {
      lastResults = null;
      open.handOver();
    }
  }

  private void neverFetched() {
    Object counting = unfetched;
    if (counting != null) {
      unfetched = null;
      tracing.rowsRead(counting, 0);
    }
  }

  /**
   * Every result set {@code getResultSet} returns passes here: the first one after an execute that
   * produced it counts its rows for that execute; the counting one is handed out again as it is.
   */
  final ResultSet current(ResultSet results) {
    Object counting = unfetched;
    if (counting != null) {
      unfetched = null;
      if (results == null) {
        tracing.rowsRead(counting, 0);
        return null;
      }
      return queried(results, counting);
    }
    QueryLensResultSet open = lastResults;
    return open != null && results != null && open.delegate == results ? open : results;
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return Unwrapping.unwrap(this, delegate, type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return Unwrapping.isWrapperFor(this, delegate, type);
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    ResultSet result;
    try {
      result = delegate.executeQuery(tracing.sqlToSend(delegate, scope, sql));
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    Object counting = tracing.resultSetOpened(scope) ? scope : null;
    tracing.end(scope, null);
    return queried(result, counting);
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    int result;
    try {
      result = delegate.executeUpdate(tracing.sqlToSend(delegate, scope, sql));
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }

  @Override
  public void close() throws SQLException {
    try {
      delegate.close();
      tracing.closed(delegate);
    } finally {
      handOverRows();
    }
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    return delegate.getMaxFieldSize();
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    delegate.setMaxFieldSize(max);
  }

  @Override
  public int getMaxRows() throws SQLException {
    return delegate.getMaxRows();
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    delegate.setMaxRows(max);
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    delegate.setEscapeProcessing(enable);
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    return delegate.getQueryTimeout();
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    delegate.setQueryTimeout(seconds);
  }

  @Override
  public void cancel() throws SQLException {
    delegate.cancel();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    return delegate.getWarnings();
  }

  @Override
  public void clearWarnings() throws SQLException {
    delegate.clearWarnings();
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    delegate.setCursorName(name);
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    boolean result;
    try {
      result = delegate.execute(tracing.sqlToSend(delegate, scope, sql));
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    Object counting = countingIf(result, scope);
    tracing.end(scope, null);
    return executed(result, counting);
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    return current(delegate.getResultSet());
  }

  @Override
  public int getUpdateCount() throws SQLException {
    return delegate.getUpdateCount();
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    handOverRows(); // the current result set is closed
    return delegate.getMoreResults();
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    delegate.setFetchDirection(direction);
  }

  @Override
  public int getFetchDirection() throws SQLException {
    return delegate.getFetchDirection();
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    delegate.setFetchSize(rows);
  }

  @Override
  public int getFetchSize() throws SQLException {
    return delegate.getFetchSize();
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    return delegate.getResultSetConcurrency();
  }

  @Override
  public int getResultSetType() throws SQLException {
    return delegate.getResultSetType();
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    delegate.addBatch(tracing.batchSqlToSend(delegate, sql));
    tracing.batchAdded(delegate, sql);
  }

  @Override
  public void clearBatch() throws SQLException {
    delegate.clearBatch();
    tracing.batchCleared(delegate);
  }

  @Override
  public int[] executeBatch() throws SQLException {
    Object scope = tracing.start(delegate, null, true);
    int[] result;
    try {
      result = delegate.executeBatch();
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    if (current != KEEP_CURRENT_RESULT) {
      handOverRows();
    } else {
      neverFetched(); // the current result set stays open, counting on its own
    }
    return delegate.getMoreResults(current);
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    return delegate.getGeneratedKeys();
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    int result;
    try {
      result = delegate.executeUpdate(tracing.sqlToSend(delegate, scope, sql), autoGeneratedKeys);
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    int result;
    try {
      result = delegate.executeUpdate(tracing.sqlToSend(delegate, scope, sql), columnIndexes);
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    int result;
    try {
      result = delegate.executeUpdate(tracing.sqlToSend(delegate, scope, sql), columnNames);
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    boolean result;
    try {
      result = delegate.execute(tracing.sqlToSend(delegate, scope, sql), autoGeneratedKeys);
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    Object counting = countingIf(result, scope);
    tracing.end(scope, null);
    return executed(result, counting);
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    boolean result;
    try {
      result = delegate.execute(tracing.sqlToSend(delegate, scope, sql), columnIndexes);
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    Object counting = countingIf(result, scope);
    tracing.end(scope, null);
    return executed(result, counting);
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    boolean result;
    try {
      result = delegate.execute(tracing.sqlToSend(delegate, scope, sql), columnNames);
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    Object counting = countingIf(result, scope);
    tracing.end(scope, null);
    return executed(result, counting);
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    return delegate.getResultSetHoldability();
  }

  @Override
  public boolean isClosed() throws SQLException {
    return delegate.isClosed();
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    delegate.setPoolable(poolable);
  }

  @Override
  public boolean isPoolable() throws SQLException {
    return delegate.isPoolable();
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    delegate.closeOnCompletion();
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    return delegate.isCloseOnCompletion();
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    return delegate.getLargeUpdateCount();
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    delegate.setLargeMaxRows(max);
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    return delegate.getLargeMaxRows();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    Object scope = tracing.start(delegate, null, true);
    long[] result;
    try {
      result = delegate.executeLargeBatch();
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    long result;
    try {
      result = delegate.executeLargeUpdate(tracing.sqlToSend(delegate, scope, sql));
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    long result;
    try {
      result =
          delegate.executeLargeUpdate(tracing.sqlToSend(delegate, scope, sql), autoGeneratedKeys);
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    long result;
    try {
      result = delegate.executeLargeUpdate(tracing.sqlToSend(delegate, scope, sql), columnIndexes);
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    Object scope = tracing.start(delegate, sql, false);
    long result;
    try {
      result = delegate.executeLargeUpdate(tracing.sqlToSend(delegate, scope, sql), columnNames);
    } catch (Throwable thrown) {
      tracing.end(scope, thrown);
      throw thrown;
    }
    tracing.end(scope, null);
    return result;
  }

  @Override
  public String enquoteLiteral(String val) throws SQLException {
    return delegate.enquoteLiteral(val);
  }

  @Override
  public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
    return delegate.enquoteIdentifier(identifier, alwaysQuote);
  }

  @Override
  public boolean isSimpleIdentifier(String identifier) throws SQLException {
    return delegate.isSimpleIdentifier(identifier);
  }

  @Override
  public String enquoteNCharLiteral(String val) throws SQLException {
    return delegate.enquoteNCharLiteral(val);
  }
}
