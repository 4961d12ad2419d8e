package io.querylens.core.insight;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * Makes the index scans an EXPLAIN transaction's planning added reach {@code pg_stat_user_indexes}
 * promptly, so the next sample already holds them and {@link PlannerProbeLedger} can take them out.
 * Shared by the missing-index round and the slow plan refresh.
 */
final class PlannerProbeFlush {

  private static final int FORCED_FLUSH_VERSION = 150000;
  private static final long STATS_INTERVAL_MILLIS = 510;

  private PlannerProbeFlush() {}

  /**
   * 15+, inside the transaction: the scans reach the shared counters when this session goes idle,
   * not up to a second later.
   */
  static void forceInside(Connection connection, int version) {
    if (version < FORCED_FLUSH_VERSION) {
      return;
    }
    try {
      Savepoint savepoint = connection.setSavepoint();
      try (Statement sql = connection.createStatement()) {
        sql.execute("SELECT /* querylens */ pg_catalog.pg_stat_force_next_flush()");
        connection.releaseSavepoint(savepoint);
      } catch (SQLException notPermitted) {
        connection.rollback(savepoint);
      }
    } catch (SQLException ignored) {
      // Only timing depends on it: the ledger's flush margin covers the unforced flush.
    }
  }

  /**
   * Before 15, after the transaction: a session sends its statistics when it goes idle, at most
   * every 500 ms (PGSTAT_STAT_INTERVAL), and a skipped report waits for its next transaction. One
   * more idle point, 500 ms after the work began, sends them now.
   *
   * @param startedNanos {@link System#nanoTime()} when the transaction began
   */
  static void afterBefore15(Connection connection, int version, long startedNanos)
      throws SQLException {
    if (version >= FORCED_FLUSH_VERSION) {
      return;
    }
    long waitMillis = STATS_INTERVAL_MILLIS - (System.nanoTime() - startedNanos) / 1_000_000;
    if (waitMillis > 0) {
      try {
        Thread.sleep(waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    try (Statement sql = connection.createStatement()) {
      sql.execute("SELECT /* querylens */ 1");
    }
  }
}
