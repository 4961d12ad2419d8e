package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Locks on the sampled database's own relations, grouped by relation, mode and lock type. Only
 * locks that name a relation count, and not on {@code pg_*} schemas (catalogs, TOAST, other
 * sessions' temp tables): every query takes catalog locks, and temp tables are named per session,
 * so both would only add series. The busiest groups are kept; the number left out is counted.
 */
final class LockCountQuery {

  /** Groups kept per sample: a busy server holds thousands of locks on hundreds of relations. */
  static final int MAX_GROUPS = 100;

  private LockCountQuery() {}

  static Bounded<LockCount> read(Connection connection, RelationFilter filter) throws SQLException {
    // The sampler's own session holds only catalog locks, but leave it out all the same.
    String sql =
        "SELECT /* querylens */ l.relation::regclass::text AS relation, l.mode, l.locktype,"
            + " count(*) AS locks, count(*) OVER () AS matching"
            + " FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " AND l.pid IS DISTINCT FROM pg_backend_pid()"
            + " AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
            + filter.conditions("n.nspname", "c.relname")
            + " GROUP BY l.relation, l.mode, l.locktype"
            + " ORDER BY locks DESC, relation, l.mode, l.locktype LIMIT "
            + MAX_GROUPS;
    List<LockCount> counts = new ArrayList<>();
    long matching = 0;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      filter.bind(connection, statement, 1);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          matching = rows.getLong("matching");
          counts.add(
              new LockCount(
                  rows.getString("relation"),
                  rows.getString("mode"),
                  rows.getString("locktype"),
                  rows.getLong("locks")));
        }
      }
    }
    return Bounded.of(counts, matching);
  }
}
