package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the sampler's own connection to one PostgreSQL server. The agent implements it with the
 * application's driver, URL and connection properties (held in memory only); tests use {@code
 * DriverManager}. The sampler never sees the URL or the credentials, so it cannot log them.
 */
@FunctionalInterface
public interface ConnectionSource {

  /** A new connection; the sampler owns it and closes it. */
  Connection open() throws SQLException;

  /**
   * Whether {@link #open} can be tried now. False while the code it opens connections with is gone
   * (the application that brought the driver was undeployed): the sampler then waits without
   * knocking, until the application connects again with a live driver.
   */
  default boolean available() {
    return true;
  }

  /**
   * Whether {@code connection}, opened earlier by this source, must be given up: the code behind it
   * was undeployed, and holding it would keep that application's class loader alive.
   */
  default boolean retired(Connection connection) {
    return false;
  }
}
