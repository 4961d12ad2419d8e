package io.querylens.core.insight;

import java.util.List;
import java.util.Map;

/**
 * What one missing-index round found and what it cost.
 *
 * @param findings {@code missing_index} findings, the costliest statement's first
 * @param explained statements whose generic plan was read
 * @param skipped statements that could not be explained (untypable parameters, a table that is
 *     gone, a timeout); never an error
 * @param skippedBecause the first few skipped statements' queryid and error, for a debug log
 * @param scansAddedByAdvisor {@code schema.index} to the index scans this round's own planning
 *     added, for {@link PlannerProbeLedger}
 * @param hypopg {@code installed}, {@code available} (could be installed) or {@code absent}
 * @param plans the generic plan of every statement the round explained, for {@link WorkloadPlans}
 */
public record MissingIndexReport(
    List<Finding> findings,
    int explained,
    int skipped,
    List<String> skippedBecause,
    Map<String, Long> scansAddedByAdvisor,
    String hypopg,
    List<ShapePlan> plans) {

  public MissingIndexReport {
    findings = List.copyOf(findings);
    skippedBecause = List.copyOf(skippedBecause);
    scansAddedByAdvisor = Map.copyOf(scansAddedByAdvisor);
    plans = List.copyOf(plans);
  }

  /** A round that read no plans (none explained, or made up by a test). */
  public MissingIndexReport(
      List<Finding> findings,
      int explained,
      int skipped,
      List<String> skippedBecause,
      Map<String, Long> scansAddedByAdvisor,
      String hypopg) {
    this(findings, explained, skipped, skippedBecause, scansAddedByAdvisor, hypopg, List.of());
  }

  /** The indexes this round's plans scan, and by which statements. */
  public IndexesInUse indexesInUse() {
    return IndexesInUse.of(plans);
  }
}
