package io.querylens.core.pg;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The most scanned, then largest, user indexes with what they are. As for tables, ranking reads
 * only counters and {@code relpages}; definitions and exact sizes are computed for the kept ones.
 */
final class IndexQuery {

  private IndexQuery() {}

  static Bounded<IndexStats> read(
      Connection connection,
      SamplerSettings settings,
      RelationFilter filter,
      int versionNumber,
      boolean exactSizes)
      throws SQLException {
    // pg_relation_size() opens the index and pg_get_indexdef()/pg_get_expr() its table, so they
    // wait (up to lock_timeout) behind a REINDEX or an ALTER TABLE. Without them: the size from
    // relpages (as of the last VACUUM or ANALYZE), and no definition this sample.
    String size =
        exactSizes
            ? "pg_relation_size(k.indexrelid)"
            : "k.relpages::bigint * current_setting('block_size')::bigint";
    String definition =
        exactSizes
            ? "pg_get_indexdef(k.indexrelid) AS definition,"
                + " pg_get_expr(x.indpred, x.indrelid) AS predicate,"
                + " pg_get_expr(x.indexprs, x.indrelid) AS expressions,"
            : "NULL::text AS definition, NULL::text AS predicate, NULL::text AS expressions,";
    // PostgreSQL 16 added last_idx_scan; before it, "unused" can only mean "no scan since reset".
    String lastScan =
        versionNumber >= 160000 ? "pg_stat_get_lastscan(k.indexrelid)" : "NULL::timestamptz";
    // The ranking reads only what it sorts by; the rest is computed for the kept indexes only.
    String sql =
        "WITH /* querylens */ kept AS (SELECT s.indexrelid, s.idx_scan, c.relpages,"
            + " count(*) OVER () AS matching"
            + " FROM pg_stat_user_indexes s JOIN pg_class c ON c.oid = s.indexrelid WHERE true"
            + filter.conditions("s.schemaname", "s.relname")
            + " ORDER BY s.idx_scan DESC, c.relpages DESC, s.indexrelid LIMIT ?)"
            + " SELECT k.*, n.nspname AS schemaname, t.relname, ic.relname AS indexrelname,"
            + " pg_stat_get_tuples_returned(k.indexrelid) AS idx_tup_read,"
            + " pg_stat_get_tuples_fetched(k.indexrelid) AS idx_tup_fetch, "
            + lastScan
            + " AS last_idx_scan, "
            + size
            + " AS size_bytes,"
            + " pg_stat_get_blocks_fetched(k.indexrelid) - pg_stat_get_blocks_hit(k.indexrelid)"
            + " AS blks_read, pg_stat_get_blocks_hit(k.indexrelid) AS blks_hit,"
            + definition
            + " am.amname,"
            + " x.indisvalid, x.indisready, x.indisprimary, x.indisunique, x.indisexclusion,"
            + " x.indisreplident,"
            + " backing.conindid IS NOT NULL AS backs_constraint,"
            + " ARRAY(SELECT a.attname::text FROM unnest(x.indkey::int2[]) WITH ORDINALITY"
            + " AS key(attnum, position) JOIN pg_attribute a ON a.attrelid = x.indrelid"
            + " AND a.attnum = key.attnum ORDER BY key.position) AS columns,"
            // A foreign key's lookup can use a whole (non-partial) index whose leading key columns
            // are the key's columns, in any order. Catalog only: no lock on the table.
            + " ARRAY(SELECT f.conname::text FROM pg_constraint f WHERE f.contype = 'f'"
            + " AND f.conrelid = x.indrelid AND x.indpred IS NULL"
            + " AND cardinality(f.conkey) <= x.indnkeyatts AND f.conkey <@ ARRAY(SELECT"
            + " lead.attnum FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS lead(attnum, position)"
            + " WHERE lead.position <= cardinality(f.conkey)) ORDER BY f.conname) AS foreign_keys"
            + " FROM kept k JOIN pg_index x ON x.indexrelid = k.indexrelid"
            + " JOIN pg_class ic ON ic.oid = k.indexrelid JOIN pg_am am ON am.oid = ic.relam"
            + " JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace"
            // pg_constraint has no index on conindid: one hash join, not a scan per index.
            + " LEFT JOIN (SELECT DISTINCT conindid FROM pg_constraint WHERE conindid <> 0)"
            + " backing ON backing.conindid = k.indexrelid"
            + " ORDER BY k.idx_scan DESC, k.relpages DESC, k.indexrelid";
    List<IndexStats> indexes = new ArrayList<>();
    long matching = 0;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = filter.bind(connection, statement, 1);
      statement.setInt(next, settings.maxIndexes());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          matching = rows.getLong("matching");
          indexes.add(index(rows));
        }
      }
    }
    if (indexes.isEmpty()) {
      matching = count(connection, filter);
    }
    return Bounded.of(indexes, matching);
  }

  private static long count(Connection connection, RelationFilter filter) throws SQLException {
    String sql =
        "SELECT /* querylens */ count(*) FROM pg_stat_user_indexes s WHERE true"
            + filter.conditions("s.schemaname", "s.relname");
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      filter.bind(connection, statement, 1);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static IndexStats index(ResultSet rows) throws SQLException {
    return new IndexStats(
        rows.getString("schemaname"),
        rows.getString("relname"),
        rows.getString("indexrelname"),
        Rows.count(rows, "idx_scan"),
        Rows.count(rows, "idx_tup_read"),
        Rows.count(rows, "idx_tup_fetch"),
        Rows.instant(rows, "last_idx_scan"),
        Rows.count(rows, "size_bytes"),
        Rows.count(rows, "blks_read"),
        Rows.count(rows, "blks_hit"),
        rows.getString("definition"),
        columns(rows.getArray("columns")),
        rows.getString("amname"),
        rows.getString("predicate"),
        rows.getString("expressions"),
        rows.getBoolean("indisvalid"),
        rows.getBoolean("indisready"),
        rows.getBoolean("indisprimary"),
        rows.getBoolean("indisunique"),
        rows.getBoolean("indisexclusion"),
        rows.getBoolean("backs_constraint"),
        rows.getBoolean("indisreplident"),
        columns(rows.getArray("foreign_keys")));
  }

  private static List<String> columns(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    Object[] names = (Object[]) array.getArray();
    List<String> columns = new ArrayList<>(names.length);
    for (Object name : names) {
      columns.add(String.valueOf(name));
    }
    return columns;
  }
}
