package io.querylens.core.pg;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The sessions of the sampled database that run, wait or sit inside a transaction, at most {@code
 * limit}: lock waiters first, then by the age of their transaction (a blocker is usually an old
 * one). Left out: idle sessions, sessions other than client backends (a parallel worker repeats its
 * leader), sessions the role may not see (no state), and QueryLens's own (this session, and other
 * instances' sessions named {@code querylens}). {@code pg_blocking_pids} and {@code pg_locks} are
 * read only for a session that waits on a lock. {@code query_id} exists from 14, {@code
 * pg_locks.waitstart} from 14 (before it the wait is dated from the state change).
 */
final class ActiveSessionQuery {

  /** Longer texts are cut before sanitizing: the lexer drops a cut literal whole. */
  static final int MAX_QUERY_CHARS = 8192;

  static final int FIRST_QUERY_ID_VERSION = 140000;

  private ActiveSessionQuery() {}

  static String sql(int versionNumber, int limit) {
    boolean modern = versionNumber >= FIRST_QUERY_ID_VERSION;
    String waitStart = modern ? "coalesce(w.waitstart, a.state_change)" : "a.state_change";
    // The cap applies first, on pg_stat_activity alone; pg_locks is then read once (one row per
    // waiting pid) and pg_blocking_pids called only for the kept waiters: with hundreds of waiters
    // doing either per row cost tens of milliseconds per sample.
    String kept =
        "SELECT pid, usename, application_name, client_addr, client_port, state, wait_event_type,"
            + " wait_event, query_start, xact_start, state_change, left(query, "
            + MAX_QUERY_CHARS
            + ") AS query, "
            + (modern ? "query_id" : "NULL::bigint AS query_id")
            + ", count(*) OVER () AS matching FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            + " AND backend_type = 'client backend' AND state IS NOT NULL AND state <> 'idle'"
            + " AND application_name <> 'querylens'"
            + " ORDER BY coalesce(wait_event_type = 'Lock', false) DESC, xact_start NULLS LAST,"
            + " query_start NULLS LAST, pid LIMIT "
            + limit;
    String awaited =
        "SELECT DISTINCT ON (pid) pid, mode, locktype, relation"
            + (modern ? ", waitstart" : "")
            + " FROM pg_locks WHERE NOT granted ORDER BY pid"
            + (modern ? ", waitstart NULLS LAST" : "");
    return "SELECT /* querylens */ a.pid, a.usename, a.application_name,"
        + " host(a.client_addr) AS client_addr, a.client_port, a.state, a.wait_event_type,"
        + " a.wait_event, a.query_start, a.xact_start, a.query, a.query_id, a.matching,"
        + " CASE WHEN a.wait_event_type = 'Lock' THEN pg_blocking_pids(a.pid) END AS blocking_pids,"
        + " w.mode AS lock_mode, w.locktype AS lock_type,"
        + " CASE WHEN w.relation IS NULL THEN NULL ELSE w.relation::regclass::text END"
        + " AS lock_relation, "
        + (modern ? "w.waitstart" : "NULL::timestamptz")
        + " AS wait_start,"
        + " CASE WHEN w.locktype IS NULL THEN NULL ELSE extract(epoch FROM now() - "
        + waitStart
        + ") END AS wait_seconds"
        + " FROM ("
        + kept
        + ") a LEFT JOIN ("
        + awaited
        + ") w ON w.pid = a.pid AND a.wait_event_type = 'Lock'"
        + " ORDER BY coalesce(a.wait_event_type = 'Lock', false) DESC, a.xact_start NULLS LAST,"
        + " a.query_start NULLS LAST, a.pid";
  }

  static Bounded<ActiveSession> read(Connection connection, int versionNumber, int limit)
      throws SQLException {
    List<ActiveSession> sessions = new ArrayList<>();
    long matching = 0;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql(versionNumber, limit))) {
      while (rows.next()) {
        matching = rows.getLong("matching");
        sessions.add(row(rows).toSession());
      }
    }
    return Bounded.of(sessions, matching);
  }

  private static ActivityRow row(ResultSet rows) throws SQLException {
    int port = rows.getInt("client_port");
    Integer clientPort = rows.wasNull() || port <= 0 ? null : port;
    return new ActivityRow(
        rows.getInt("pid"),
        rows.getString("usename"),
        rows.getString("application_name"),
        rows.getString("client_addr"),
        clientPort,
        rows.getString("state"),
        rows.getString("wait_event_type"),
        rows.getString("wait_event"),
        pids(rows.getArray("blocking_pids")),
        Rows.instant(rows, "query_start"),
        Rows.instant(rows, "xact_start"),
        Rows.instant(rows, "wait_start"),
        Rows.nullableDouble(rows, "wait_seconds"),
        rows.getString("lock_mode"),
        rows.getString("lock_type"),
        rows.getString("lock_relation"),
        rows.getString("query"),
        Rows.nullableLong(rows, "query_id"));
  }

  private static List<Integer> pids(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    try {
      Object values = array.getArray();
      List<Integer> pids = new ArrayList<>();
      if (values instanceof Object[] objects) {
        for (Object value : objects) {
          if (value instanceof Number number) {
            pids.add(number.intValue());
          }
        }
      }
      return pids;
    } finally {
      array.free();
    }
  }
}
