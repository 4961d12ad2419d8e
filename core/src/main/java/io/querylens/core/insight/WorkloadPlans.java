package io.querylens.core.insight;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The latest generic plan of each statement shape of one database, kept across the rounds that read
 * plans (the missing-index round and the slow {@link PlanRefresh}, both read-only and under
 * timeouts, never with ANALYZE), and the {@code plan_change} findings: shapes whose plan hash, when
 * last planned, differed from the one read before.
 *
 * <p>Bounded: at most {@link #MAX_SHAPES} shapes, the least recently planned dropped first and
 * counted. Touched by one thread at a time (the sampler's).
 */
public final class WorkloadPlans {

  public static final String PLAN_CHANGE = "plan_change";

  /** How many shapes' plans are remembered; a round plans a few, so this spans many rounds. */
  public static final int MAX_SHAPES = 500;

  private final String database;
  private final Map<String, ShapePlan> latest = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Finding> changes = new LinkedHashMap<>();
  private List<ShapePlan> newOrChanged = List.of();
  private long dropped;

  public WorkloadPlans(String database) {
    this.database = database;
  }

  /**
   * Takes one round's plans (the missing-index round's, or the slow refresh's few); returns a
   * {@code plan_change} finding for every shape whose plan differs from the one remembered. A
   * shape's change stands (in {@link #changes()}) until the shape is planned again.
   */
  public List<Finding> update(List<ShapePlan> plans, Instant plannedAt) {
    List<Finding> found = new ArrayList<>();
    List<ShapePlan> fresh = new ArrayList<>();
    for (ShapePlan plan : plans) {
      ShapePlan before = latest.put(key(plan), plan);
      if (before == null || !before.planHash().equals(plan.planHash())) {
        fresh.add(plan);
      }
      if (before != null && !before.planHash().equals(plan.planHash())) {
        Finding change = change(before, plan, plannedAt);
        changes.put(key(plan), change);
        found.add(change);
      } else {
        changes.remove(key(plan));
      }
    }
    newOrChanged = List.copyOf(fresh);
    while (latest.size() > MAX_SHAPES) {
      String forgotten = latest.keySet().iterator().next();
      latest.remove(forgotten);
      changes.remove(forgotten);
      dropped++;
    }
    return List.copyOf(found);
  }

  /**
   * Each shape's plan change found when it was last planned, for every snapshot until the shape is
   * planned again.
   */
  public List<Finding> changes() {
    return List.copyOf(changes.values());
  }

  /** The latest round's plans that were new or changed: each is exported once, not every round. */
  public List<ShapePlan> newOrChanged() {
    return newOrChanged;
  }

  /** The remembered plans, least recently planned first. */
  public List<ShapePlan> plans() {
    return List.copyOf(latest.values());
  }

  /** The indexes the remembered plans scan, and by which shapes. */
  public IndexesInUse indexesInUse() {
    return IndexesInUse.of(plans());
  }

  /** Shapes forgotten because more than {@link #MAX_SHAPES} were planned. */
  public long dropped() {
    return dropped;
  }

  /** By fingerprint: pg_stat_statements and the agent may both bring the same shape. */
  private static String key(ShapePlan plan) {
    return plan.fingerprint();
  }

  private Finding change(ShapePlan before, ShapePlan after, Instant plannedAt) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("fingerprint", after.fingerprint());
    if (after.queryId() != null) {
      evidence.put("queryid", after.queryId());
    }
    evidence.put("plan_hash_before", before.planHash());
    evidence.put("plan_hash_after", after.planHash());
    evidence.put("cost_before", before.totalCost());
    evidence.put("cost_after", after.totalCost());
    evidence.put("indexes_before", String.join(", ", before.indexesUsed()));
    evidence.put("indexes_after", String.join(", ", after.indexesUsed()));
    evidence.put("scans_before", String.join("; ", before.scans()));
    evidence.put("scans_after", String.join("; ", after.scans()));
    evidence.put("planned_at", plannedAt.toString());
    return new Finding(
        PLAN_CHANGE,
        Severity.INFO,
        Risk.NONE,
        new FindingObject(database, null, null, null, after.fingerprint()),
        evidence,
        null,
        null,
        "The generic plan of this statement shape changed since the previous round (scans before: "
            + String.join("; ", before.scans())
            + "; now: "
            + String.join("; ", after.scans())
            + "). When this statement regressed, the plan flipped rather than the data grew;"
            + " look at what changed (statistics, an index built or dropped, settings).");
  }
}
