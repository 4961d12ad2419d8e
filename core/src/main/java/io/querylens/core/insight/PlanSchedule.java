package io.querylens.core.insight;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which statement shapes the slow plan refresh plans next: round-robin over the shapes seen, those
 * never planned first (costliest first), then those planned longest ago, each at most once per
 * {@code refreshEvery}, at most {@code perRound} a round. A shape that failed to plan waits as long
 * as a planned one: a text the planner rejects is not retried every round.
 *
 * <p>Bounded: of the shapes seen, the {@link #MAX_SHAPES} costliest are scheduled and the rest
 * counted as left out; shapes no longer seen are forgotten. Touched by one thread (the sampler's).
 */
final class PlanSchedule {

  /** As many shapes as {@link WorkloadPlans} remembers plans of. */
  static final int MAX_SHAPES = WorkloadPlans.MAX_SHAPES;

  private final int perRound;
  private final Duration refreshEvery;

  /** Schedule key to the latest attempt, planned or failed. */
  private final Map<String, Attempt> attempts = new HashMap<>();

  /** The keys the latest {@link #due} call scheduled, costliest first. */
  private List<String> scheduled = List.of();

  private int leftOut;
  private Instant staleBefore = Instant.MIN;

  private record Attempt(Instant at, boolean planned) {}

  PlanSchedule(int perRound, Duration refreshEvery) {
    this.perRound = perRound;
    this.refreshEvery = refreshEvery;
  }

  /** This round's share of {@code seen}: the statements to plan now. */
  List<PlannedStatement> due(List<PlannedStatement> seen, Instant now) {
    List<PlannedStatement> scheduled = new ArrayList<>();
    Set<String> keys = new HashSet<>();
    List<PlannedStatement> costliestFirst = new ArrayList<>(seen);
    costliestFirst.sort(Comparator.comparingDouble(PlannedStatement::totalMillis).reversed());
    int leftOut = 0;
    for (PlannedStatement statement : costliestFirst) {
      if (!MissingIndexAdvisor.explainable(statement.query())
          || !keys.add(statement.scheduleKey())) {
        continue;
      }
      if (scheduled.size() == MAX_SHAPES) {
        leftOut++;
      } else {
        scheduled.add(statement);
      }
    }
    attempts.keySet().retainAll(keys);
    staleBefore = now.minus(refreshEvery);
    this.leftOut = leftOut;
    this.scheduled = new ArrayList<>(scheduled.size());
    List<PlannedStatement> due = new ArrayList<>();
    for (PlannedStatement statement : scheduled) {
      this.scheduled.add(statement.scheduleKey());
      if (isDue(statement.scheduleKey())) {
        due.add(statement);
      }
    }
    // Stable: the never planned keep their cost order, ahead of those planned longest ago.
    due.sort(
        Comparator.comparing(this::attemptedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    return List.copyOf(due.size() > perRound ? due.subList(0, perRound) : due);
  }

  /** A shape planned, by the refresh or by the missing-index round. */
  void planned(String key, Instant at) {
    attempts.put(key, new Attempt(at, true));
  }

  /** A shape the planner rejected or that timed out; retried after {@code refreshEvery}. */
  void failed(String key, Instant at) {
    attempts.put(key, new Attempt(at, false));
  }

  /**
   * How the shapes scheduled at the latest {@link #due} call stand now (after the round marked what
   * it planned).
   */
  PlanCoverage coverage() {
    int planned = 0;
    int failed = 0;
    int waiting = 0;
    for (String key : scheduled) {
      Attempt attempt = attempts.get(key);
      if (isDue(key)) {
        waiting++;
      } else if (attempt.planned()) {
        planned++;
      } else {
        failed++;
      }
    }
    return new PlanCoverage(planned, waiting, failed, leftOut);
  }

  private boolean isDue(String key) {
    Attempt attempt = attempts.get(key);
    return attempt == null || !attempt.at().isAfter(staleBefore);
  }

  /** The key a round's plan is scheduled under, as {@link PlannedStatement#scheduleKey()}. */
  static String keyOf(ShapePlan plan) {
    return plan.queryId() != null
        ? "queryid:" + plan.queryId()
        : "fingerprint:" + plan.fingerprint();
  }

  private Instant attemptedAt(PlannedStatement statement) {
    Attempt attempt = attempts.get(statement.scheduleKey());
    return attempt == null ? null : attempt.at();
  }
}
