package io.querylens.core.insight;

import io.querylens.core.pg.Snapshot;
import java.util.List;
import java.util.Map;

/**
 * What the rules judge: the latest snapshot of the primary (or the one server), the latest
 * snapshots of its standbys (an index unused on the primary may serve a replica's reads), the
 * thresholds, and the index scans the advisor's own EXPLAINs added to the snapshot's counters
 * ({@code schema.index} to scans, from {@link PlannerProbeLedger}).
 */
public record AdvisorInput(
    Snapshot snapshot,
    List<Snapshot> standbys,
    Thresholds thresholds,
    Map<String, Long> scansAddedByAdvisor) {

  public AdvisorInput {
    standbys = List.copyOf(standbys);
    scansAddedByAdvisor = Map.copyOf(scansAddedByAdvisor);
  }

  /** Without EXPLAIN rounds: no scans to take out. */
  public AdvisorInput(Snapshot snapshot, List<Snapshot> standbys, Thresholds thresholds) {
    this(snapshot, standbys, thresholds, Map.of());
  }

  public static AdvisorInput of(Snapshot snapshot) {
    return new AdvisorInput(snapshot, List.of(), Thresholds.defaults());
  }

  /** The same input, with the scans the advisor's EXPLAIN rounds added taken out. */
  public AdvisorInput withScansAddedByAdvisor(Map<String, Long> scans) {
    return new AdvisorInput(snapshot, standbys, thresholds, scans);
  }

  String database() {
    return snapshot.server().database();
  }

  /** The index's scans the advisor itself caused, 0 when none. */
  long scansAddedByAdvisor(String schema, String index) {
    return scansAddedByAdvisor.getOrDefault(schema + "." + index, 0L);
  }
}
