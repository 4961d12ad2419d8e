package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Indexes no query used since the statistics were reset, on any sampled server. Never an index that
 * enforces something (primary key, unique, exclusion, a constraint, replica identity): dropping
 * those changes behaviour, not just speed. It only names them and says why: {@link IndexActionPlan}
 * decides, over all index findings together, which of them may really be dropped.
 */
final class UnusedIndexRule {

  public static final String KIND = "unused_index";

  private UnusedIndexRule() {}

  /** The droppable indexes that no sampled server scanned since the reset (or for too long). */
  static List<IndexStats> unused(AdvisorInput input) {
    Snapshot snapshot = input.snapshot();
    Thresholds thresholds = input.thresholds();
    List<IndexStats> unused = new ArrayList<>();
    for (IndexStats index : snapshot.indexes()) {
      if (!enforcesSomething(index)
          && index.valid()
          && index.sizeBytes() >= thresholds.unusedIndexMinBytes()
          && !inUse(input, index)) {
        unused.add(index);
      }
    }
    return unused;
  }

  /**
   * Scanned recently on the primary (less the advisor's own scans) or on a standby, or used by an
   * observed statement's plan.
   */
  static boolean inUse(AdvisorInput input, IndexStats index) {
    return usedSince(
            index, applicationScans(input, index), input.snapshot().sampledAt(), input.thresholds())
        || usedOnAStandby(index, input.standbys(), input.thresholds())
        || !input.statementsUsing(index).isEmpty();
  }

  static boolean enforcesSomething(IndexStats index) {
    return index.primary()
        || index.unique()
        || index.exclusion()
        || index.backsConstraint()
        || index.replicaIdentity();
  }

  /**
   * Scanned since the reset. PostgreSQL 16 added {@code last_idx_scan}: there, scans all older than
   * the configured age count as unused too (a one-off migration last month does not keep an index).
   */
  private static boolean usedSince(
      IndexStats index, long scans, Instant now, Thresholds thresholds) {
    if (scans == 0) {
      return false;
    }
    Instant lastScan = index.lastScan();
    return lastScan == null || !lastScan.isBefore(now.minus(thresholds.unusedIndexMinAge()));
  }

  private static boolean usedOnAStandby(
      IndexStats index, List<Snapshot> standbys, Thresholds thresholds) {
    for (Snapshot standby : standbys) {
      IndexStats replica = sameIndex(standby, index);
      if (replica != null && usedSince(replica, replica.scans(), standby.sampledAt(), thresholds)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Scans on the primary (less the advisor's) and on every standby: which twin the workload uses.
   */
  static long scansEverywhere(AdvisorInput input, IndexStats index) {
    long scans = applicationScans(input, index);
    for (Snapshot standby : input.standbys()) {
      IndexStats replica = sameIndex(standby, index);
      scans += replica == null ? 0 : replica.scans();
    }
    return scans;
  }

  private static IndexStats sameIndex(Snapshot standby, IndexStats index) {
    for (IndexStats replica : standby.indexes()) {
      if (replica.name().equals(index.name()) && replica.schema().equals(index.schema())) {
        return replica;
      }
    }
    return null;
  }

  /**
   * The index's scans less those the advisor's own EXPLAINs caused (planner probes of its extreme
   * values), never below zero.
   */
  private static long applicationScans(AdvisorInput input, IndexStats index) {
    return Math.max(0, index.scans() - input.scansAddedByAdvisor(index.schema(), index.name()));
  }

  /**
   * Scans that read at most two tuples each look like the planner reading the index's extreme
   * values (get_actual_variable_range), not like queries it served.
   */
  static boolean scansLookLikePlannerProbes(IndexStats index, long scans) {
    return scans > 0 && index.tuplesRead() <= scans * 2;
  }

  /** The evidence that the index is unused, added to {@code evidence}; returns the note. */
  static String evidence(AdvisorInput input, IndexStats index, Map<String, Object> evidence) {
    evidence.put("scans", index.scans());
    long byAdvisor = input.scansAddedByAdvisor(index.schema(), index.name());
    if (byAdvisor > 0) {
      evidence.put("scans_by_advisor", byAdvisor);
    }
    boolean probes = scansLookLikePlannerProbes(index, applicationScans(input, index));
    if (probes) {
      evidence.put("scans_look_like_planner_probes", true);
    }
    if (index.lastScan() != null) {
      evidence.put("last_scan", index.lastScan().toString());
    }
    evidence.put("standbys_checked", input.standbys().size());
    String note =
        "No scan since the statistics were reset; a rarely run report may still need it, so keep"
            + " the undo at hand.";
    if (byAdvisor > 0) {
      note += " The advisor's own EXPLAINs scanned it " + byAdvisor + " times; those do not count.";
    }
    if (probes) {
      note +=
          " Its scans read at most two tuples each: they look like the planner reading the"
              + " index's extreme values for a range condition, not like queries it served.";
    }
    return note;
  }
}
