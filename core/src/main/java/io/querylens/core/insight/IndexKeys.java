package io.querylens.core.insight;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The key columns of a plain btree, in order, read from {@code pg_index} (not the snapshot: its
 * column list mixes key and {@code INCLUDE} columns). Empty for an index a candidate cannot extend:
 * another access method, a partial index, an expression among its keys, or one that is gone.
 */
final class IndexKeys {

  private IndexKeys() {}

  static List<String> of(Connection connection, String schema, String index) throws SQLException {
    List<String> keys = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT /* querylens */ a.attname"
                + " FROM pg_catalog.pg_index i"
                + " JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid"
                + " JOIN pg_catalog.pg_am am ON am.oid = c.relam"
                + " CROSS JOIN LATERAL pg_catalog.unnest(i.indkey::pg_catalog.int2[])"
                + " WITH ORDINALITY AS k(attnum, position)"
                + " LEFT JOIN pg_catalog.pg_attribute a"
                + " ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
                + " WHERE i.indexrelid = pg_catalog.to_regclass(?)"
                + " AND am.amname = 'btree' AND i.indpred IS NULL"
                + " AND k.position <= i.indnkeyatts"
                + " ORDER BY k.position")) {
      query.setString(1, IndexSql.qualified(schema, index));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          String column = rows.getString(1);
          if (column == null) {
            return List.of();
          }
          keys.add(column);
        }
      }
    }
    return keys;
  }
}
