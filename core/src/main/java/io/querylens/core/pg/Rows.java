package io.querylens.core.pg;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** Reading nullable catalog columns without surprises. */
final class Rows {

  // Every sampler query carries the comment "querylens" (in /* */) right after its first
  // keyword, so pg_stat_statements can tell ours apart: it keeps a statement's text from its
  // first token on, so a comment in front would be lost.

  private Rows() {}

  /** The column as a long, 0 when NULL (a counter PostgreSQL has not started). */
  static long count(ResultSet rows, String column) throws SQLException {
    return rows.getLong(column);
  }

  static Long nullableLong(ResultSet rows, String column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  static Double nullableDouble(ResultSet rows, String column) throws SQLException {
    double value = rows.getDouble(column);
    return rows.wasNull() ? null : value;
  }

  static Instant instant(ResultSet rows, String column) throws SQLException {
    Timestamp value = rows.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
