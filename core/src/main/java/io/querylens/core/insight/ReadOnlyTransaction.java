package io.querylens.core.insight;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The one way the advisor's own work touches the application's database: a READ ONLY transaction
 * with its own {@code statement_timeout} and {@code lock_timeout} (so monitoring never waits behind
 * the application's locks), always rolled back, the connection's auto-commit mode restored. The
 * settings are {@code SET LOCAL}: the sampler's session keeps its own.
 */
final class ReadOnlyTransaction {

  /** Work inside the transaction; it may hold savepoints of its own. */
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private ReadOnlyTransaction() {}

  static <T> T run(
      Connection connection, Duration statementTimeout, Duration lockTimeout, Work<T> work)
      throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (Statement sql = connection.createStatement()) {
        sql.execute("SET TRANSACTION READ ONLY");
        sql.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
        sql.execute("SET LOCAL lock_timeout = " + lockTimeout.toMillis());
      }
      return work.run(connection);
    } finally {
      try {
        connection.rollback();
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
  }
}
