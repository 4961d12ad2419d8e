package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Replication lag: per standby on a primary ({@code pg_stat_replication}), the replay delay on a
 * standby ({@code pg_last_xact_replay_timestamp()}; {@code pg_current_wal_lsn()} fails there).
 */
final class ReplicationQuery {

  private static final String STANDBYS =
      "SELECT /* querylens */ application_name, coalesce(host(client_addr), 'unix') AS client, state,"
          + " coalesce(pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn), 0)::bigint AS lag_bytes,"
          + " extract(epoch FROM write_lag) AS write_lag, extract(epoch FROM flush_lag) AS"
          + " flush_lag, extract(epoch FROM replay_lag) AS replay_lag"
          + " FROM pg_stat_replication ORDER BY application_name, client";

  private static final String REPLAY_DELAY =
      "SELECT /* querylens */ extract(epoch FROM now() - pg_last_xact_replay_timestamp()) AS delay";

  private ReplicationQuery() {}

  static ReplicationStats read(Connection connection, boolean standby) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      if (standby) {
        try (ResultSet rows = statement.executeQuery(REPLAY_DELAY)) {
          rows.next();
          return new ReplicationStats(true, Rows.nullableDouble(rows, "delay"), List.of());
        }
      }
      List<ReplicationStats.Standby> standbys = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery(STANDBYS)) {
        while (rows.next()) {
          standbys.add(
              new ReplicationStats.Standby(
                  rows.getString("application_name"),
                  rows.getString("client"),
                  rows.getString("state"),
                  rows.getLong("lag_bytes"),
                  Rows.nullableDouble(rows, "write_lag"),
                  Rows.nullableDouble(rows, "flush_lag"),
                  Rows.nullableDouble(rows, "replay_lag")));
        }
      }
      return new ReplicationStats(false, null, standbys);
    }
  }
}
