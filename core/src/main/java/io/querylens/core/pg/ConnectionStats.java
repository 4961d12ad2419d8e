package io.querylens.core.pg;

import java.util.List;
import java.util.Map;

/**
 * The server's client sessions by state (all databases: they share {@code max_connections}), and
 * the longest-open transactions of the sampled database.
 *
 * @param byState client backends per {@code pg_stat_activity.state}; {@code unknown} when the role
 *     may not see another role's session
 */
public record ConnectionStats(
    int maxConnections, Map<String, Integer> byState, List<LongTransaction> longestTransactions) {

  public ConnectionStats {
    byState = Map.copyOf(byState);
    longestTransactions = List.copyOf(longestTransactions);
  }

  public int total() {
    int total = 0;
    for (int count : byState.values()) {
      total += count;
    }
    return total;
  }
}
