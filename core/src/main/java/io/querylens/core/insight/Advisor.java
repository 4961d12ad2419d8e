package io.querylens.core.insight;

import io.querylens.core.pg.SamplerLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs every rule over one input and orders the findings, most severe first. */
public final class Advisor {

  private final List<Rule> rules;

  public Advisor(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Every rule this version knows. */
  public static Advisor standard() {
    return new Advisor(
        List.of(
            new IndexActionPlan(),
            new InvalidIndexRule(),
            new IndexBloatRule(),
            new DeadTuplesRule(),
            new StaleStatisticsRule(),
            new WriteAmplificationRule(),
            new CacheHitRatioRule(),
            new ConnectionsRule(),
            new BlockingLockRule(),
            new LongTransactionRule(),
            new TableScanRule()));
  }

  /**
   * The rules whose advice holds on a read-only standby: nothing that would write (no DROP, CREATE,
   * REINDEX, VACUUM or ANALYZE), since a standby's own counters do not describe the primary where
   * such SQL would run. Its index usage reaches the primary's advice through {@link
   * AdvisorInput#standbys()} instead.
   */
  public static Advisor forStandby() {
    return new Advisor(
        List.of(
            new CacheHitRatioRule(),
            new ConnectionsRule(),
            new BlockingLockRule(),
            new LongTransactionRule()));
  }

  /** {@link #standard()} for a primary (or a lone server), {@link #forStandby()} for a standby. */
  public static Advisor forServer(io.querylens.core.pg.Snapshot snapshot) {
    return snapshot.server().standby() ? forStandby() : standard();
  }

  public List<Finding> evaluate(AdvisorInput input) {
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : rules) {
      findings.addAll(rule.evaluate(input));
    }
    withoutReindexOfDropped(findings);
    sortBySeverity(findings);
    return findings;
  }

  /**
   * One action per index: a REINDEX of an index the plan drops would only be wasted work (and a
   * second action on the same index), so the drop stands alone.
   */
  private static void withoutReindexOfDropped(List<Finding> findings) {
    java.util.Set<FindingObject> dropped = new java.util.HashSet<>();
    for (Finding finding : findings) {
      if (finding.action() != null && finding.action().startsWith("DROP INDEX")) {
        dropped.add(finding.object());
      }
    }
    findings.removeIf(f -> f.kind().equals(IndexBloatRule.KIND) && dropped.contains(f.object()));
  }

  /**
   * A one-off report's advice: table bloat measured by pgstattuple where permitted, every snapshot
   * rule, then a missing-index round planned on {@code connection} (after the snapshot, so the
   * round's own planner scans cannot count in it), and the health scores of all that.
   *
   * @param log where a missing pgstattuple or a denied call is told, once
   */
  public Advice evaluateOnce(
      java.sql.Connection connection, io.querylens.core.pg.Snapshot snapshot, SamplerLog log)
      throws java.sql.SQLException {
    return evaluateOnce(connection, snapshot, Thresholds.defaults(), log);
  }

  /**
   * {@link #evaluateOnce(java.sql.Connection, io.querylens.core.pg.Snapshot, SamplerLog)} with the
   * user's thresholds.
   */
  public Advice evaluateOnce(
      java.sql.Connection connection,
      io.querylens.core.pg.Snapshot snapshot,
      Thresholds thresholds,
      SamplerLog log)
      throws java.sql.SQLException {
    return evaluateOnce(connection, snapshot, List.of(), thresholds, log);
  }

  /**
   * {@link #evaluateOnce(java.sql.Connection, io.querylens.core.pg.Snapshot, Thresholds,
   * SamplerLog)} knowing the primary's standbys (an index one of them scans is kept). When {@code
   * snapshot} is itself a standby's, only the advice that holds on a read-only server: no
   * missing-index round, no bloat measure, no write SQL.
   */
  public Advice evaluateOnce(
      java.sql.Connection connection,
      io.querylens.core.pg.Snapshot snapshot,
      List<io.querylens.core.pg.Snapshot> standbys,
      Thresholds thresholds,
      SamplerLog log)
      throws java.sql.SQLException {
    AdvisorInput input = AdvisorInput.of(snapshot, thresholds).withStandbys(standbys);
    if (snapshot.server().standby()) {
      List<Finding> findings = forStandby().evaluate(input);
      findings.addAll(
          SlowStatementRule.defaults()
              .evaluate(snapshot.statements(), snapshot.server().database()));
      return Advice.of(input, findings);
    }
    input =
        input
            .withMeasuredBloat(
                TableBloatMeter.defaults().measure(connection, snapshot, input.thresholds(), log))
            .withMeasuredIndexBloat(IndexBloatMeter.defaults().measure(connection, snapshot, log));
    MissingIndexReport round =
        new MissingIndexAdvisor(MissingIndexSettings.defaults()).evaluate(connection, snapshot);
    List<Finding> findings = withMissingIndexes(evaluate(input), round);
    findings.addAll(
        SlowStatementRule.defaults().evaluate(snapshot.statements(), snapshot.server().database()));
    return Advice.of(input, findings);
  }

  /**
   * The snapshot rules' findings with a missing-index round's added: a table the round found a
   * {@code missing_index} for drops its weaker table-level finding.
   */
  public static List<Finding> withMissingIndexes(
      List<Finding> findings, MissingIndexReport missingIndexes) {
    List<Finding> merged = new ArrayList<>();
    for (Finding finding : findings) {
      if (!finding.kind().equals(TableScanRule.KIND)
          || !explained(finding.object(), missingIndexes.findings())) {
        merged.add(finding);
      }
    }
    merged.addAll(missingIndexes.findings());
    sortBySeverity(merged);
    return merged;
  }

  private static boolean explained(FindingObject table, List<Finding> missingIndexes) {
    for (Finding missing : missingIndexes) {
      if (missing.object().schema().equals(table.schema())
          && missing.object().table().equals(table.table())) {
        return true;
      }
    }
    return false;
  }

  private static void sortBySeverity(List<Finding> findings) {
    // Stable: within a severity, the rules' own order (largest, worst first) stands.
    findings.sort(Comparator.comparing(Finding::severity).reversed());
  }
}
