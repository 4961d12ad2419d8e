package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Who blocks whom in the sampled database. {@code pg_blocking_pids} runs only for sessions that
 * wait on a lock; {@code pg_locks.waitstart} (14+) dates the wait, before 14 the state change.
 */
final class LockWaitQuery {

  static final int MAX_WAITS = 100;

  private LockWaitQuery() {}

  static List<LockWait> read(Connection connection, int versionNumber) throws SQLException {
    String waitStart =
        versionNumber >= 140000 ? "coalesce(l.waitstart, a.state_change)" : "a.state_change";
    String sql =
        "SELECT /* querylens */ a.pid, b.pid AS blocking_pid, a.usename, a.application_name,"
            + " l.locktype, l.mode, CASE WHEN l.relation IS NULL THEN NULL"
            + " ELSE l.relation::regclass::text END AS relation,"
            + " extract(epoch FROM now() - "
            + waitStart
            + ") AS wait_seconds"
            + " FROM pg_stat_activity a"
            + " JOIN pg_locks l ON l.pid = a.pid AND NOT l.granted"
            + " CROSS JOIN LATERAL unnest(pg_blocking_pids(a.pid)) AS b(pid)"
            + " WHERE a.wait_event_type = 'Lock' AND a.datname = current_database()"
            + " ORDER BY wait_seconds DESC LIMIT "
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
