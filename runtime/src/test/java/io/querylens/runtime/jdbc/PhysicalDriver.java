package io.querylens.runtime.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * H2 behind {@code jdbc:physical:...}, telling a listener of every connection its {@code connect}
 * returns, as the agent's advice on a driver's {@code connect} does: the pools under test reach it
 * through {@link DriverManager} or by class name, as they would reach any driver.
 */
public final class PhysicalDriver implements Driver {

  static final String PREFIX = "jdbc:physical:";

  static final List<Connection> opened = new CopyOnWriteArrayList<>();
  static volatile Consumer<Connection> onConnect = connection -> {};

  private static final Driver H2 = new org.h2.Driver();

  static {
    try {
      DriverManager.registerDriver(new PhysicalDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  static void register() {
    // class initialization registers it, once
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    Connection connection = H2.connect("jdbc:h2:" + url.substring(PREFIX.length()), info);
    opened.add(connection);
    onConnect.accept(connection);
    return connection;
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
