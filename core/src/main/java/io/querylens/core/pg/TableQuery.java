package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The most active, then largest, user tables. Ranking uses counters and {@code relpages}, which
 * cost nothing to read; exact sizes and block I/O are computed only for the tables kept, because
 * {@code pg_relation_size} touches the files.
 */
final class TableQuery {

  private static final String ACTIVITY =
      "coalesce(s.seq_scan, 0) + coalesce(s.idx_scan, 0) + s.n_tup_ins + s.n_tup_upd"
          + " + s.n_tup_del";

  private TableQuery() {}

  /** Sizes from {@code pg_class.relpages} (as of the last VACUUM or ANALYZE): takes no lock. */
  private static final String PAGES = "::bigint * current_setting('block_size')::bigint";

  /**
   * @param exactSizes {@code pg_relation_size()} and friends, which open the relation and so wait
   *     (up to {@code lock_timeout}) behind an ACCESS EXCLUSIVE lock; false reads {@code relpages}
   */
  static Bounded<TableStats> read(
      Connection connection, SamplerSettings settings, RelationFilter filter, boolean exactSizes)
      throws SQLException {
    String sizes =
        exactSizes
            ? " pg_relation_size(k.relid) AS heap_bytes,"
                + " CASE WHEN k.reltoastrelid = 0 THEN 0"
                + " ELSE pg_total_relation_size(k.reltoastrelid) END AS toast_bytes,"
                + " pg_indexes_size(k.relid) AS index_bytes,"
            : " k.relpages"
                + PAGES
                + " AS heap_bytes, coalesce((SELECT relpages FROM pg_class"
                + " WHERE oid = k.reltoastrelid), 0)"
                + PAGES
                + " AS toast_bytes, coalesce(i.pages, 0)"
                + PAGES
                + " AS index_bytes,";
    if (settings.maxTables() == 0) {
      return countOnly(connection, filter);
    }
    // The ranking reads only the columns it sorts by: the planner then leaves the view's other
    // (stable) counters uncomputed for the tables that are not kept.
    String sql =
        "WITH /* querylens */ kept AS (SELECT s.relid, s.schemaname, s.relname, s.seq_scan,"
            + " s.idx_scan, s.n_tup_ins, s.n_tup_upd, s.n_tup_del, c.reltoastrelid,"
            + ACTIVITY
            + " AS activity, c.relpages, count(*) OVER () AS matching"
            + " FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE true"
            + filter.conditions("s.schemaname", "s.relname")
            + " ORDER BY activity DESC, c.relpages DESC, s.relid LIMIT ?)"
            + " SELECT k.*, pg_stat_get_tuples_returned(k.relid) AS seq_tup_read,"
            + " coalesce(i.fetched, 0) + pg_stat_get_tuples_fetched(k.relid) AS idx_tup_fetch,"
            + " pg_stat_get_tuples_hot_updated(k.relid) AS n_tup_hot_upd,"
            + " pg_stat_get_live_tuples(k.relid) AS n_live_tup,"
            + " pg_stat_get_dead_tuples(k.relid) AS n_dead_tup,"
            + " pg_stat_get_last_vacuum_time(k.relid) AS last_vacuum,"
            + " pg_stat_get_last_autovacuum_time(k.relid) AS last_autovacuum,"
            + " pg_stat_get_last_analyze_time(k.relid) AS last_analyze,"
            + " pg_stat_get_last_autoanalyze_time(k.relid) AS last_autoanalyze,"
            + " pg_stat_get_vacuum_count(k.relid) AS vacuum_count,"
            + " pg_stat_get_autovacuum_count(k.relid) AS autovacuum_count,"
            + " pg_stat_get_analyze_count(k.relid) AS analyze_count,"
            + " pg_stat_get_autoanalyze_count(k.relid) AS autoanalyze_count,"
            + " pg_stat_get_mod_since_analyze(k.relid) AS n_mod_since_analyze,"
            + sizes
            + " pg_stat_get_blocks_fetched(k.relid) - pg_stat_get_blocks_hit(k.relid)"
            + " AS heap_blks_read, pg_stat_get_blocks_hit(k.relid) AS heap_blks_hit,"
            + " i.read AS idx_blks_read, i.hit AS idx_blks_hit,"
            + " pg_stat_get_blocks_fetched(k.reltoastrelid)"
            + " - pg_stat_get_blocks_hit(k.reltoastrelid) AS toast_blks_read,"
            + " pg_stat_get_blocks_hit(k.reltoastrelid) AS toast_blks_hit,"
            + " t.read AS tidx_blks_read, t.hit AS tidx_blks_hit"
            + " FROM kept k"
            + " LEFT JOIN LATERAL (SELECT sum(pg_stat_get_blocks_fetched(x.indexrelid)"
            + " - pg_stat_get_blocks_hit(x.indexrelid)) AS read,"
            + " sum(pg_stat_get_blocks_hit(x.indexrelid)) AS hit,"
            + " sum(pg_stat_get_tuples_fetched(x.indexrelid)) AS fetched,"
            + " sum(xc.relpages) AS pages"
            + " FROM pg_index x JOIN pg_class xc ON xc.oid = x.indexrelid"
            + " WHERE x.indrelid = k.relid) i ON true"
            + " LEFT JOIN LATERAL (SELECT sum(pg_stat_get_blocks_fetched(x.indexrelid)"
            + " - pg_stat_get_blocks_hit(x.indexrelid)) AS read,"
            + " sum(pg_stat_get_blocks_hit(x.indexrelid)) AS hit"
            + " FROM pg_index x WHERE x.indrelid = k.reltoastrelid) t ON true"
            + " ORDER BY k.activity DESC, k.relpages DESC, k.relid";
    List<TableStats> tables = new ArrayList<>();
    long matching = 0;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = filter.bind(connection, statement, 1);
      statement.setInt(next, settings.maxTables());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          matching = rows.getLong("matching");
          tables.add(table(rows));
        }
      }
    }
    return Bounded.of(tables, matching);
  }

  private static Bounded<TableStats> countOnly(Connection connection, RelationFilter filter)
      throws SQLException {
    String sql =
        "SELECT /* querylens */ count(*) FROM pg_stat_user_tables s WHERE true"
            + filter.conditions("s.schemaname", "s.relname");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      filter.bind(connection, statement, 1);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return Bounded.of(List.of(), rows.getLong(1));
      }
    }
  }

  private static TableStats table(ResultSet rows) throws SQLException {
    return new TableStats(
        rows.getString("schemaname"),
        rows.getString("relname"),
        Rows.count(rows, "seq_scan"),
        Rows.count(rows, "seq_tup_read"),
        Rows.count(rows, "idx_scan"),
        Rows.count(rows, "idx_tup_fetch"),
        Rows.count(rows, "n_tup_ins"),
        Rows.count(rows, "n_tup_upd"),
        Rows.count(rows, "n_tup_del"),
        Rows.count(rows, "n_tup_hot_upd"),
        Rows.count(rows, "n_live_tup"),
        Rows.count(rows, "n_dead_tup"),
        Rows.instant(rows, "last_vacuum"),
        Rows.instant(rows, "last_autovacuum"),
        Rows.instant(rows, "last_analyze"),
        Rows.instant(rows, "last_autoanalyze"),
        Rows.count(rows, "vacuum_count"),
        Rows.count(rows, "autovacuum_count"),
        Rows.count(rows, "analyze_count"),
        Rows.count(rows, "autoanalyze_count"),
        Rows.count(rows, "heap_bytes"),
        Rows.count(rows, "toast_bytes"),
        Rows.count(rows, "index_bytes"),
        Rows.count(rows, "heap_blks_read"),
        Rows.count(rows, "heap_blks_hit"),
        Rows.count(rows, "idx_blks_read"),
        Rows.count(rows, "idx_blks_hit"),
        Rows.count(rows, "toast_blks_read"),
        Rows.count(rows, "toast_blks_hit"),
        Rows.count(rows, "tidx_blks_read"),
        Rows.count(rows, "tidx_blks_hit"),
        Rows.count(rows, "n_mod_since_analyze"));
  }
}
