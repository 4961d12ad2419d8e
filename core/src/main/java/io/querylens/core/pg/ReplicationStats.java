package io.querylens.core.pg;

import java.util.List;

/**
 * Replication as this server sees it: on a primary, one entry per standby; on a standby, its own
 * replay delay.
 *
 * @param replayDelaySeconds on a standby, now minus the last replayed transaction's commit time
 *     (null on a primary, or before anything was replayed)
 */
public record ReplicationStats(
    boolean standby, Double replayDelaySeconds, List<ReplicationStats.Standby> standbys) {

  public ReplicationStats {
    standbys = List.copyOf(standbys);
  }

  /** A standby streaming from this primary; lag times are null when PostgreSQL has none. */
  public record Standby(
      String applicationName,
      String clientAddress,
      String state,
      long replayLagBytes,
      Double writeLagSeconds,
      Double flushLagSeconds,
      Double replayLagSeconds) {}
}
