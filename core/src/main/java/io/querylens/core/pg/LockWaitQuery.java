package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Who blocks whom in the sampled database. {@code pg_blocking_pids} runs only for the {@link
 * #MAX_WAITS} longest-waiting sessions; {@code pg_locks.waitstart} (14+) dates the wait, before 14
 * the state change.
 */
final class LockWaitQuery {

  static final int MAX_WAITS = 100;

  private LockWaitQuery() {}

  static List<LockWait> read(Connection connection, int versionNumber) throws SQLException {
    String waitStart =
        versionNumber >= 140000 ? "coalesce(l.waitstart, a.state_change)" : "a.state_change";
    // The longest waits are chosen first and pg_blocking_pids runs for those only: it takes the
    // lock manager's locks each call, and a pile-up of thousands of waiters is when it is sampled.
    String sql =
        "SELECT /* querylens */ w.pid, b.pid AS blocking_pid, w.usename, w.application_name,"
            + " w.locktype, w.mode, w.relation, w.wait_seconds"
            + " FROM (SELECT a.pid, a.usename, a.application_name, l.locktype, l.mode,"
            + " CASE WHEN l.relation IS NULL THEN NULL"
            + " ELSE l.relation::regclass::text END AS relation,"
            + " extract(epoch FROM now() - "
            + waitStart
            + ") AS wait_seconds"
            + " FROM pg_stat_activity a"
            + " JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted"
            + " WHERE a.wait_event_type = 'Lock' AND a.datname = current_database()"
            + " ORDER BY wait_seconds DESC LIMIT "
            + MAX_WAITS
            + ") w"
            + " CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS b(pid)"
            + " ORDER BY w.wait_seconds DESC LIMIT "
            + MAX_WAITS;
    List<LockWait> waits = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        waits.add(
            new LockWait(
                rows.getInt("pid"),
                rows.getInt("blocking_pid"),
                rows.getString("usename"),
                rows.getString("application_name"),
                rows.getString("locktype"),
                rows.getString("mode"),
                rows.getString("relation"),
                rows.getDouble("wait_seconds")));
      }
    }
    return waits;
  }
}
