package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Indexes no query used since the statistics were reset, on any sampled server. Never an index that
 * enforces something (primary key, unique, exclusion, a constraint, replica identity): dropping
 * those changes behaviour, not just speed. Largest first: that is where the write and storage cost
 * is.
 */
public final class UnusedIndexRule implements Rule {

  public static final String KIND = "unused_index";

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    Snapshot snapshot = input.snapshot();
    Thresholds thresholds = input.thresholds();
    List<IndexStats> unused = new ArrayList<>();
    for (IndexStats index : snapshot.indexes()) {
      if (enforcesSomething(index)
          || !index.valid()
          || index.sizeBytes() < thresholds.unusedIndexMinBytes()
          || usedSince(index, applicationScans(input, index), snapshot.sampledAt(), thresholds)
          || usedOnAStandby(index, input.standbys(), thresholds)) {
        continue;
      }
      unused.add(index);
    }
    unused.sort(Comparator.comparingLong(IndexStats::sizeBytes).reversed());
    List<Finding> findings = new ArrayList<>();
    for (IndexStats index : unused) {
      findings.add(finding(input, index));
    }
    return findings;
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
      for (IndexStats replica : standby.indexes()) {
        if (replica.name().equals(index.name())
            && replica.schema().equals(index.schema())
            && usedSince(replica, replica.scans(), standby.sampledAt(), thresholds)) {
          return true;
        }
      }
    }
    return false;
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

  /** Counters count since their reset, or, never reset, since the server started. */
  private static Instant statsSince(Snapshot snapshot) {
    Instant reset = snapshot.database() == null ? null : snapshot.database().statsReset();
    return reset != null ? reset : snapshot.server().postmasterStart();
  }

  private static Finding finding(AdvisorInput input, IndexStats index) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("scans", index.scans());
    long byAdvisor = input.scansAddedByAdvisor(index.schema(), index.name());
    long byApplication = applicationScans(input, index);
    if (byAdvisor > 0) {
      evidence.put("scans_by_advisor", byAdvisor);
    }
    boolean probes = scansLookLikePlannerProbes(index, byApplication);
    if (probes) {
      evidence.put("scans_look_like_planner_probes", true);
    }
    evidence.put("size_bytes", index.sizeBytes());
    evidence.put("stats_since", String.valueOf(statsSince(input.snapshot())));
    if (index.lastScan() != null) {
      evidence.put("last_scan", index.lastScan().toString());
    }
    evidence.put("standbys_checked", input.standbys().size());
    String name = IndexSql.qualified(index.schema(), index.name());
    return new Finding(
        KIND,
        Severity.WARNING,
        Risk.MEDIUM,
        FindingObject.index(input.database(), index.schema(), index.table(), index.name()),
        evidence,
        "DROP INDEX CONCURRENTLY " + name + ";",
        IndexSql.concurrently(index.definition()) + ";",
        note(byAdvisor, probes));
  }

  private static String note(long byAdvisor, boolean probes) {
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
