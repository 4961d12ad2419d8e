package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** {@code pg_stat_wal}, added in PostgreSQL 14. */
final class WalQuery {

  static final int FIRST_VERSION = 140000;

  private static final String SQL =
      "SELECT /* querylens */ wal_records, wal_fpi, wal_bytes::bigint AS wal_bytes, stats_reset"
          + " FROM pg_stat_wal";

  private WalQuery() {}

  static WalStats read(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(SQL)) {
      rows.next();
      return new WalStats(
          Rows.count(rows, "wal_records"),
          Rows.count(rows, "wal_fpi"),
          Rows.count(rows, "wal_bytes"),
          Rows.instant(rows, "stats_reset"));
    }
  }
}
