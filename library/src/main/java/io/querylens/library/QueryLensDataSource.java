package io.querylens.library;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ConnectionBuilder;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.ShardingKeyBuilder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The application's {@code DataSource} (a pool, usually) with its connections' statements recorded.
 * What {@link QueryLens#wrap} returns; {@code unwrap} reaches the wrapped one.
 */
public final class QueryLensDataSource implements DataSource {

  private final DataSource delegate;
  private final StatementTracing tracing;
  private final ServerDiscovery discovery;

  QueryLensDataSource(DataSource delegate, StatementTracing tracing, ServerDiscovery discovery) {
    this.delegate = delegate;
    this.tracing = tracing;
    this.discovery = discovery;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrapped(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return wrapped(delegate.getConnection(username, password));
  }

  @Override
  public ConnectionBuilder createConnectionBuilder() throws SQLException {
    ConnectionBuilder builder = delegate.createConnectionBuilder();
    return new ConnectionBuilder() {
      @Override
      public ConnectionBuilder user(String username) {
        builder.user(username);
        return this;
      }

      @Override
      public ConnectionBuilder password(String password) {
        builder.password(password);
        return this;
      }

      @Override
      public ConnectionBuilder shardingKey(java.sql.ShardingKey shardingKey) {
        builder.shardingKey(shardingKey);
        return this;
      }

      @Override
      public ConnectionBuilder superShardingKey(java.sql.ShardingKey superShardingKey) {
        builder.superShardingKey(superShardingKey);
        return this;
      }

      @Override
      public Connection build() throws SQLException {
        return wrapped(builder.build());
      }
    };
  }

  @Override
  public ShardingKeyBuilder createShardingKeyBuilder() throws SQLException {
    return delegate.createShardingKeyBuilder();
  }

  private Connection wrapped(Connection connection) {
    if (connection == null) {
      return null;
    }
    discovery.connected(connection);
    return new QueryLensConnection(connection, tracing);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
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
  public String toString() {
    return "QueryLensDataSource[" + delegate + "]";
  }
}
