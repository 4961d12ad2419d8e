package io.querylens.it.fingerprint;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs one statement and reports the pg_stat_statements {@code queryid} PostgreSQL gave it: the one
 * top-level entry whose call count went up, ignoring the probe's own queries and transaction
 * control. Each statement runs in a transaction that is rolled back, so the corpus can insert,
 * delete and create tables freely and every statement sees the same database.
 */
final class QueryIdProbe {

  private static final String SNAPSHOT =
      "SELECT queryid, calls, query FROM pg_stat_statements WHERE toplevel";

  private final Connection connection;

  QueryIdProbe(Connection connection) throws SQLException {
    this.connection = connection;
    connection.setAutoCommit(false);
  }

  /** The statement's queryid; throws with PostgreSQL's message when it does not run. */
  long queryIdOf(String sql) throws SQLException {
    try {
      Map<Long, Long> before = snapshot();
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
      Map<Long, Long> after = snapshot();
      Long found = null;
      for (Map.Entry<Long, Long> entry : after.entrySet()) {
        long previousCalls = before.getOrDefault(entry.getKey(), 0L);
        if (entry.getValue() > previousCalls) {
          if (found != null) {
            throw new SQLException("more than one pg_stat_statements entry moved for: " + sql);
          }
          found = entry.getKey();
        }
      }
      if (found == null) {
        throw new SQLException("no pg_stat_statements entry moved for: " + sql);
      }
      return found;
    } finally {
      connection.rollback();
    }
  }

  private Map<Long, Long> snapshot() throws SQLException {
    Map<Long, Long> calls = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(SNAPSHOT)) {
      while (rows.next()) {
        String query = rows.getString(3);
        if (isProbeOwn(query)) {
          continue;
        }
        calls.put(rows.getLong(1), rows.getLong(2));
      }
    }
    return calls;
  }

  private static boolean isProbeOwn(String query) {
    String trimmed = query.trim();
    return trimmed.contains("pg_stat_statements")
        || trimmed.equalsIgnoreCase("BEGIN")
        || trimmed.equalsIgnoreCase("COMMIT")
        || trimmed.equalsIgnoreCase("ROLLBACK");
  }
}
