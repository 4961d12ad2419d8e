package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Client sessions by state against {@code max_connections}, and the oldest transactions. */
final class ConnectionQuery {

  /** How many of the oldest open transactions a snapshot keeps. */
  static final int LONGEST_TRANSACTIONS = 10;

  private static final String BY_STATE =
      "SELECT /* querylens */ coalesce(state, 'unknown') AS state, count(*) AS sessions"
          + " FROM pg_stat_activity WHERE backend_type = 'client backend'"
          + " AND pid <> pg_backend_pid() GROUP BY 1";

  private static final String OLDEST =
      "SELECT /* querylens */ pid, usename, application_name, coalesce(state, 'unknown') AS state,"
          + " extract(epoch FROM now() - xact_start) AS age_seconds"
          + " FROM pg_stat_activity"
          + " WHERE xact_start IS NOT NULL AND datname = current_database()"
          + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
          + " ORDER BY xact_start LIMIT "
          + LONGEST_TRANSACTIONS;

  private ConnectionQuery() {}

  static ConnectionStats read(Connection connection) throws SQLException {
    Map<String, Integer> byState = new HashMap<>();
    List<LongTransaction> oldest = new ArrayList<>();
    int max;
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery(BY_STATE)) {
        while (rows.next()) {
          byState.put(rows.getString("state"), rows.getInt("sessions"));
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT /* querylens */ current_setting('max_connections')::int AS max")) {
        rows.next();
        max = rows.getInt("max");
      }
      try (ResultSet rows = statement.executeQuery(OLDEST)) {
        while (rows.next()) {
          oldest.add(
              new LongTransaction(
                  rows.getInt("pid"),
                  rows.getString("usename"),
                  rows.getString("application_name"),
                  rows.getString("state"),
                  rows.getDouble("age_seconds")));
        }
      }
    }
    return new ConnectionStats(max, byState, oldest);
  }
}
