package io.querylens.core.insight;

import io.querylens.core.pg.TableStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tables whose planner statistics autovacuum should have refreshed long ago: rows changed since the
 * last (auto)analyze are more than twice what triggers an autoanalyze with PostgreSQL's defaults
 * ({@code autovacuum_analyze_threshold} 50 plus {@code autovacuum_analyze_scale_factor} 0.1 of the
 * table). The planner then estimates from a table that no longer exists, which is how a good plan
 * turns bad overnight. Per-table settings are not read: a table tuned to analyze less often is
 * reported, and the evidence says against which defaults.
 */
public final class StaleStatisticsRule implements Rule {

  public static final String KIND = "stale_statistics";

  static final long ANALYZE_THRESHOLD = 50;
  static final double ANALYZE_SCALE_FACTOR = 0.1;

  /** Behind by this many autoanalyze triggers before it is a finding, not a matter of minutes. */
  static final double BEHIND_FACTOR = 2.0;

  /** Smaller tables re-plan cheaply whatever their statistics say. */
  static final long MIN_LIVE_TUPLES = 1_000;

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    List<Finding> findings = new ArrayList<>();
    for (TableStats table : input.snapshot().tables()) {
      long trigger = ANALYZE_THRESHOLD + Math.round(ANALYZE_SCALE_FACTOR * table.liveTuples());
      long changed = table.modificationsSinceAnalyze();
      if (table.liveTuples() < MIN_LIVE_TUPLES || changed <= BEHIND_FACTOR * trigger) {
        continue;
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("modifications_since_analyze", changed);
      evidence.put("autoanalyze_trigger", trigger);
      evidence.put("live_tuples", table.liveTuples());
      evidence.put("last_analyze", table.lastAnalyze());
      evidence.put("last_autoanalyze", table.lastAutoanalyze());
      findings.add(
          new Finding(
              KIND,
              Severity.WARNING,
              Risk.LOW,
              FindingObject.table(input.database(), table.schema(), table.name()),
              evidence,
              "ANALYZE " + IndexSql.qualified(table.schema(), table.name()) + ";",
              null,
              "Autovacuum is behind on this table (or disabled for it): the planner still sees"
                  + " the table as it was before these changes."));
    }
    return findings;
  }
}
