package io.querylens.library;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Tells the tracer which database a wrapped {@code DataSource} connects to, as the agent learns it
 * from {@code Driver.connect}: once per {@code DataSource}, from its first connection. A {@code
 * DataSource} hides how it connects, so the sampler's target is rebuilt: the URL the connection
 * reports, the driver {@code DriverManager} has for it, and the connection's user name. The
 * password is not reachable: give it (or a monitoring role) with the {@code sampler.user}/{@code
 * sampler.password} settings, or a whole target with {@code sampler.url}.
 */
final class ServerDiscovery {

  private final StatementTracing tracing;
  private volatile boolean told;

  ServerDiscovery(StatementTracing tracing) {
    this.tracing = tracing;
  }

  void connected(Connection connection) {
    if (told) {
      return;
    }
    told = true;
    try {
      DatabaseMetaData metaData = connection.getMetaData();
      String url = metaData.getURL();
      if (url == null) {
        return;
      }
      Properties properties = new Properties();
      String user = metaData.getUserName();
      if (user != null) {
        properties.setProperty("user", user);
      }
      tracing.connected(driverFor(url), url, properties, physical(connection));
    } catch (Throwable t) {
      tracing.failed(t);
    }
  }

  /** The driver {@code DriverManager} has for the URL; null (no sampling) when it has none. */
  private static Driver driverFor(String url) {
    try {
      return DriverManager.getDriver(url);
    } catch (SQLException e) {
      return null;
    }
  }

  /** The driver's own connection behind a pool's, when the pool lets it be reached. */
  private static Connection physical(Connection connection) {
    try {
      Connection unwrapped = connection.unwrap(Connection.class);
      return unwrapped != null ? unwrapped : connection;
    } catch (SQLException | RuntimeException e) {
      return connection;
    }
  }
}
