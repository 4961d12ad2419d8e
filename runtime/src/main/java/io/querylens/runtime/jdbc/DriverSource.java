package io.querylens.runtime.jdbc;

import io.querylens.core.log.AgentLog;
import io.querylens.core.pg.ConnectionSource;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens the sampler's connections to one server with the URL and properties the application
 * connects with: through the agent's own pgjdbc when it can stand in ({@link OwnDriver}), else
 * through the application's driver, held weakly. An application server undeploys the application
 * that brought the driver, and the sampler must not keep that application's class loader alive. A
 * driver whose loader no longer serves its classes (closed at undeploy, as servlet containers and
 * module systems do) is retired, and the next live driver the application connects with takes its
 * place; the sampler's connections, whichever driver opened them, are given up with it.
 */
final class DriverSource implements ConnectionSource {

  private final OwnConnections own;
  private final OwnDriver ownDriver;
  private volatile Target target;

  /** Set once the agent's driver failed where the application's then connected. */
  private volatile boolean ownDriverRefused;

  DriverSource(OwnConnections own) {
    this(own, OwnDriver.NONE);
  }

  DriverSource(OwnConnections own, OwnDriver ownDriver) {
    this.own = own;
    this.ownDriver = ownDriver;
  }

  /**
   * Offers the driver of an application connection. Kept only when there is no live one: the first
   * live driver stays, so an application connecting all the time with the same driver costs one
   * read here, and another driver's costs a look at whether the first one's loader still serves it
   * (a redeployed application connects before the sampler's next tick).
   */
  void offer(Driver driver, String url, Properties properties) {
    Target current = target;
    if (current != null && !current.retired) {
      Driver kept = current.driver.get();
      if (kept == driver || (kept != null && !current.undeployed(kept.getClass()))) {
        return;
      }
    }
    target = new Target(driver, url, properties);
  }

  @Override
  public boolean available() {
    Target current = target;
    if (current == null || current.retired) {
      return false;
    }
    Driver driver = current.driver.get();
    if (driver == null || current.undeployed(driver.getClass())) {
      current.retired = true;
      return false;
    }
    return true;
  }

  @Override
  public Connection open() throws SQLException {
    Target current = target;
    Driver driver = current == null ? null : current.driver.get();
    if (driver == null) {
      throw new SQLException("the application's PostgreSQL driver is gone (undeployed)");
    }
    SQLException ownFailure = null;
    if (!ownDriverRefused && ownDriver.standsInFor(driver, current.url, current.properties)) {
      try {
        Connection connection = ownDriver.connect(current.url, current.properties);
        if (connection != null) {
          own.add(connection);
          return connection;
        }
      } catch (SQLException e) {
        ownFailure = e;
      }
    }
    Connection connection = driver.connect(current.url, copy(current.properties));
    if (connection == null) {
      throw new SQLException("the PostgreSQL driver did not accept the sampler's URL");
    }
    if (ownFailure != null) {
      // Something the application's driver does that the agent's cannot (a newer authentication,
      // a setting of a later version): the application's driver from now on.
      ownDriverRefused = true;
      // The SQL state only: a driver's message may name the host or the role.
      AgentLog.info(
          "the agent's own PostgreSQL driver could not connect where the application's did"
              + " (SQL state "
              + ownFailure.getSQLState()
              + "); the sampler uses the application's driver");
    }
    own.add(connection);
    return connection;
  }

  @Override
  public boolean retired(Connection connection) {
    if (ownDriver.opened(connection)) {
      // Nothing of the application's is behind it; it goes when the application's driver goes.
      return !available();
    }
    Target current = target;
    if (current == null || !current.undeployed(connection.getClass())) {
      return false;
    }
    Driver driver = current == null ? null : current.driver.get();
    if (driver == null || driver.getClass().getClassLoader() == loaderOf(connection)) {
      current.retired = true; // the next connecting application's driver replaces it
    }
    return true;
  }

  /**
   * Whether the loader that defined {@code type} serves its class file: a closed {@code
   * URLClassLoader} finds none, a stopped web application's loader finds none or throws.
   */
  static boolean servesClassFile(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    if (loader == null) {
      return true;
    }
    try {
      return loader.getResource(type.getName().replace('.', '/') + ".class") != null;
    } catch (Throwable stopped) {
      return false;
    }
  }

  private static ClassLoader loaderOf(Connection connection) {
    return connection.getClass().getClassLoader();
  }

  static Properties copy(Properties properties) {
    Properties copy = new Properties();
    for (String name : properties.stringPropertyNames()) {
      copy.setProperty(name, properties.getProperty(name));
    }
    return copy;
  }

  /** A driver with what the sampler connects with; URL and properties are in memory only. */
  private static final class Target {
    final WeakReference<Driver> driver;
    final String url;
    final Properties properties;

    /**
     * Whether the driver's loader served its class file when it was offered: only then does not
     * serving it any more mean an undeploy (some loaders define classes they never show as files).
     */
    final boolean servedAtFirst;

    volatile boolean retired;

    Target(Driver driver, String url, Properties properties) {
      this.driver = new WeakReference<>(driver);
      this.url = url;
      this.properties = properties;
      this.servedAtFirst = servesClassFile(driver.getClass());
    }

    /** Whether the loader of {@code type} (this driver's) stopped serving its classes. */
    boolean undeployed(Class<?> type) {
      return servedAtFirst && !servesClassFile(type);
    }
  }
}
