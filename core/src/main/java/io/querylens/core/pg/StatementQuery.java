package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Top statements of the sampled database from {@code pg_stat_statements}. Its columns depend on the
 * extension's version, not the server's (an upgraded server may keep an old extension), so they are
 * looked up once per session: {@code total_time} before 1.8 (PostgreSQL 13), {@code
 * total_exec_time} after; {@code pg_stat_statements_info} from 1.9 (14).
 */
final class StatementQuery {

  /**
   * Longest query text kept. pg_stat_statements normalizes constants ({@code $1}) only in plannable
   * statements; utility statements keep theirs, so whoever exports a text sanitizes it.
   */
  static final int MAX_QUERY_CHARS = 1024;

  private String view;
  private String info;
  private String totalTime;

  /** Result of one read: the kept statements, how many were left out, and the reset time. */
  record Top(Bounded<StatementStats> statements, Instant statsReset) {}

  /** Forget the resolved columns: a new session may see another extension version. */
  void newSession() {
    view = null;
  }

  Top read(Connection connection, int limit) throws SQLException {
    if (view == null) {
      resolve(connection);
    }
    String sql =
        "SELECT /* querylens */ s.queryid, left(min(s.query), "
            + MAX_QUERY_CHARS
            + ") AS query, sum(s.calls) AS calls, sum(s."
            + totalTime
            + ") AS total_ms, sum(s.rows) AS rows, sum(s.shared_blks_hit) AS blks_hit,"
            + " sum(s.shared_blks_read) AS blks_read, count(*) OVER () AS matching"
            + " FROM "
            + view
            + " s WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND s.queryid IS NOT NULL AND s.query NOT LIKE '%/* querylens */%'"
            + " GROUP BY s.queryid ORDER BY total_ms DESC, s.queryid LIMIT ?";
    List<StatementStats> statements = new ArrayList<>();
    long matching = 0;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setInt(1, Math.max(limit, 1));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          matching = rows.getLong("matching");
          if (statements.size() < limit) {
            long calls = rows.getLong("calls");
            double total = rows.getDouble("total_ms");
            statements.add(
                new StatementStats(
                    rows.getLong("queryid"),
                    rows.getString("query"),
                    calls,
                    total,
                    calls == 0 ? 0 : total / calls,
                    rows.getLong("rows"),
                    rows.getLong("blks_hit"),
                    rows.getLong("blks_read")));
          }
        }
      }
    }
    return new Top(Bounded.of(statements, matching), statsReset(connection));
  }

  private Instant statsReset(Connection connection) throws SQLException {
    if (info == null) {
      return null;
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT /* querylens */ stats_reset FROM " + info)) {
      return rows.next() ? Rows.instant(rows, "stats_reset") : null;
    }
  }

  private void resolve(Connection connection) throws SQLException {
    String schema = null;
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT /* querylens */ quote_ident(n.nspname) FROM pg_extension e"
                    + " JOIN pg_namespace n ON n.oid = e.extnamespace"
                    + " WHERE e.extname = 'pg_stat_statements'")) {
      if (rows.next()) {
        schema = rows.getString(1);
      }
    }
    if (schema == null) {
      throw new FamilyUnavailableException(
          "the pg_stat_statements extension is not installed in this database"
              + " (CREATE EXTENSION pg_stat_statements; it must also be in"
              + " shared_preload_libraries)");
    }
    Set<String> columns = new HashSet<>();
    boolean hasInfo;
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT /* querylens */ a.attname::text, to_regclass(? || '.pg_stat_statements_info') IS NOT NULL"
                + " FROM pg_attribute a WHERE a.attrelid = to_regclass(? || '.pg_stat_statements')"
                + " AND a.attnum > 0 AND NOT a.attisdropped")) {
      statement.setString(1, schema);
      statement.setString(2, schema);
      hasInfo = false;
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          columns.add(rows.getString(1));
          hasInfo = rows.getBoolean(2);
        }
      }
    }
    totalTime = columns.contains("total_exec_time") ? "total_exec_time" : "total_time";
    info = hasInfo ? schema + ".pg_stat_statements_info" : null;
    view = schema + ".pg_stat_statements";
  }
}
