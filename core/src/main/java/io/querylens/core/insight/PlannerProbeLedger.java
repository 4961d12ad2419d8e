package io.querylens.core.insight;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The index scans the advisor's EXPLAIN rounds added, kept until the statistics are reset, so the
 * unused-index rule can take them out of {@code idx_scan}. A round counts for a snapshot only once
 * its statistics had time to reach the shared counters before the snapshot was taken.
 */
public final class PlannerProbeLedger {

  /** PostgreSQL flushes a session's statistics within a second of it going idle (15+: forced). */
  static final Duration FLUSH_MARGIN = Duration.ofSeconds(1);

  private record Round(Instant endedAt, Map<String, Long> scans) {}

  /**
   * Rounds kept apart; the slow plan refresh records one every sampler round, so past this the two
   * oldest are merged.
   */
  static final int MAX_ROUNDS = 256;

  private final List<Round> rounds = new ArrayList<>();

  public synchronized void record(Instant roundEndedAt, Map<String, Long> scans) {
    if (!scans.isEmpty()) {
      rounds.add(new Round(roundEndedAt, Map.copyOf(scans)));
    }
    if (rounds.size() > MAX_ROUNDS) {
      mergeOldestTwo();
    }
  }

  /**
   * Merged under the older round's end: a statistics reset between the two then forgets both, so
   * the newer one's scans stay counted as real ones, which can keep an index but never drop one.
   */
  private void mergeOldestTwo() {
    Round older = rounds.remove(0);
    Round newer = rounds.remove(0);
    Map<String, Long> scans = new HashMap<>(older.scans());
    newer.scans().forEach((index, count) -> scans.merge(index, count, Long::sum));
    rounds.add(0, new Round(older.endedAt(), Map.copyOf(scans)));
  }

  /**
   * The scans to subtract from a snapshot taken at {@code sampledAt}, counting since {@code
   * statsSince} (the reset, or the server start; null when unknown).
   */
  public synchronized Map<String, Long> visibleIn(Instant sampledAt, Instant statsSince) {
    if (statsSince != null) {
      rounds.removeIf(round -> round.endedAt().isBefore(statsSince));
    }
    Map<String, Long> total = new HashMap<>();
    for (Round round : rounds) {
      if (round.endedAt().plus(FLUSH_MARGIN).isBefore(sampledAt)) {
        round.scans().forEach((index, scans) -> total.merge(index, scans, Long::sum));
      }
    }
    return total;
  }

  /** Rounds kept apart, for tests of the bound. */
  synchronized int size() {
    return rounds.size();
  }
}
