package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pg_stat_io} (PostgreSQL 16+). Rows where nothing ever happened are left out: most of the
 * backend type, object and context combinations stay at zero, and each kept row is a series.
 */
final class IoQuery {

  static final int FIRST_VERSION = 160000;

  private static final String SQL =
      "SELECT /* querylens */ backend_type, object, context, reads, writes, extends, hits, evictions,"
          + " fsyncs, read_time, write_time, stats_reset FROM pg_stat_io"
          + " WHERE coalesce(reads, 0) + coalesce(writes, 0) + coalesce(extends, 0)"
          + " + coalesce(hits, 0) + coalesce(evictions, 0) + coalesce(fsyncs, 0) > 0"
          + " ORDER BY backend_type, object, context";

  private IoQuery() {}

  static List<IoStats> read(Connection connection) throws SQLException {
    List<IoStats> io = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(SQL)) {
      while (rows.next()) {
        io.add(
            new IoStats(
                rows.getString("backend_type"),
                rows.getString("object"),
                rows.getString("context"),
                Rows.nullableLong(rows, "reads"),
                Rows.nullableLong(rows, "writes"),
                Rows.nullableLong(rows, "extends"),
                Rows.nullableLong(rows, "hits"),
                Rows.nullableLong(rows, "evictions"),
                Rows.nullableLong(rows, "fsyncs"),
                Rows.nullableDouble(rows, "read_time"),
                Rows.nullableDouble(rows, "write_time"),
                Rows.instant(rows, "stats_reset")));
      }
    }
    return io;
  }
}
