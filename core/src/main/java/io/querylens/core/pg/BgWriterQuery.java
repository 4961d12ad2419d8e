package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Checkpoints and background writes. PostgreSQL 17 moved the checkpoint columns to {@code
 * pg_stat_checkpointer} (with its own reset time) and the backend writes to {@code pg_stat_io}.
 */
final class BgWriterQuery {

  private static final String BEFORE_17 =
      "SELECT /* querylens */ checkpoints_timed, checkpoints_req, checkpoint_write_time,"
          + " checkpoint_sync_time, buffers_checkpoint, buffers_clean, maxwritten_clean,"
          + " buffers_backend, buffers_backend_fsync, buffers_alloc, stats_reset"
          + " FROM pg_stat_bgwriter";

  private static final String FROM_17 =
      "SELECT /* querylens */ c.num_timed AS checkpoints_timed, c.num_requested AS checkpoints_req,"
          + " c.write_time AS checkpoint_write_time, c.sync_time AS checkpoint_sync_time,"
          + " c.buffers_written AS buffers_checkpoint, b.buffers_clean, b.maxwritten_clean,"
          + " NULL::bigint AS buffers_backend, NULL::bigint AS buffers_backend_fsync,"
          + " b.buffers_alloc, b.stats_reset, c.stats_reset AS checkpointer_reset"
          + " FROM pg_stat_bgwriter b CROSS JOIN pg_stat_checkpointer c";

  private BgWriterQuery() {}

  static BgWriterStats read(Connection connection, int versionNumber) throws SQLException {
    boolean split = versionNumber >= 170000;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(split ? FROM_17 : BEFORE_17)) {
      rows.next();
      return new BgWriterStats(
          Rows.count(rows, "checkpoints_timed"),
          Rows.count(rows, "checkpoints_req"),
          rows.getDouble("checkpoint_write_time"),
          rows.getDouble("checkpoint_sync_time"),
          Rows.count(rows, "buffers_checkpoint"),
          Rows.count(rows, "buffers_clean"),
          Rows.count(rows, "maxwritten_clean"),
          Rows.nullableLong(rows, "buffers_backend"),
          Rows.nullableLong(rows, "buffers_backend_fsync"),
          Rows.count(rows, "buffers_alloc"),
          Rows.instant(rows, "stats_reset"),
          Rows.instant(rows, split ? "checkpointer_reset" : "stats_reset"));
    }
  }
}
