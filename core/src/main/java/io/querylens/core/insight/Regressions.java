package io.querylens.core.insight;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statement shapes whose p95 or mean went up by a factor between two stretches of time: a saved
 * baseline and now, or the agent's previous window and its latest. Both stretches need enough
 * executions and the increase must be large in absolute terms too, so noise is not flagged. The
 * regression that adds the most time to the workload comes first.
 */
public final class Regressions {

  public static final String KIND = "regression";

  private Regressions() {}

  /**
   * @param before the earlier figures by fingerprint
   * @param now the later figures
   * @param comparedWith what {@code before} is, for people: {@code baseline saved 2026-...}
   */
  public static List<Finding> find(
      Map<String, StatementFigures> before,
      List<StatementFigures> now,
      RegressionSettings settings,
      String database,
      String comparedWith) {
    List<Regressed> regressed = new ArrayList<>();
    for (StatementFigures later : now) {
      StatementFigures earlier = before.get(later.fingerprint());
      if (earlier == null
          || earlier.calls() < settings.minCalls()
          || later.calls() < settings.minCalls()) {
        continue;
      }
      boolean mean = regressed(earlier.meanMillis(), later.meanMillis(), settings);
      boolean p95 =
          earlier.p95Millis() != null
              && later.p95Millis() != null
              && regressed(earlier.p95Millis(), later.p95Millis(), settings);
      if (mean || p95) {
        regressed.add(new Regressed(earlier, later, mean, p95));
      }
    }
    regressed.sort(Comparator.comparingDouble(Regressed::addedMillis).reversed());
    List<Finding> findings = new ArrayList<>();
    for (Regressed shape : regressed) {
      findings.add(shape.finding(settings, database, comparedWith));
    }
    return findings;
  }

  private static boolean regressed(double before, double now, RegressionSettings settings) {
    return now >= before * settings.factor() && now - before >= settings.minIncreaseMillis();
  }

  private record Regressed(
      StatementFigures before, StatementFigures now, boolean mean, boolean p95) {

    /** The time the slower executions added over the later stretch. */
    double addedMillis() {
      return (now.meanMillis() - before.meanMillis()) * now.calls();
    }

    double worstRatio() {
      double ratio = mean ? ratio(before.meanMillis(), now.meanMillis()) : 0;
      return p95 ? Math.max(ratio, ratio(before.p95Millis(), now.p95Millis())) : ratio;
    }

    Finding finding(RegressionSettings settings, String database, String comparedWith) {
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("summary", now.summary());
      evidence.put("query", now.query());
      evidence.put("regressed", p95 && mean ? "p95, mean" : p95 ? "p95" : "mean");
      evidence.put("compared_with", comparedWith);
      evidence.put("mean_before_ms", round(before.meanMillis()));
      evidence.put("mean_now_ms", round(now.meanMillis()));
      putRatio(evidence, "mean_ratio", before.meanMillis(), now.meanMillis());
      if (before.p95Millis() != null && now.p95Millis() != null) {
        evidence.put("p95_before_ms", round(before.p95Millis()));
        evidence.put("p95_now_ms", round(now.p95Millis()));
        putRatio(evidence, "p95_ratio", before.p95Millis(), now.p95Millis());
      }
      evidence.put("calls_before", before.calls());
      evidence.put("calls_now", now.calls());
      evidence.put("added_ms", Math.round(addedMillis() * 10) / 10.0);
      evidence.put("factor", settings.factor());
      boolean critical = worstRatio() >= settings.factor() * settings.factor();
      return new Finding(
          KIND,
          critical ? Severity.CRITICAL : Severity.WARNING,
          Risk.NONE,
          new FindingObject(database, null, null, null, now.fingerprint()),
          evidence,
          null,
          null,
          "Slower than "
              + comparedWith
              + ": look for a plan change (a dropped or unused index, stale statistics), more"
              + " rows, or lock waits; a missing_index finding on its tables usually says why.");
    }

    private static double ratio(double before, double now) {
      return before > 0 ? now / before : Double.MAX_VALUE;
    }

    private static void putRatio(
        Map<String, Object> evidence, String key, double before, double now) {
      if (before > 0) {
        evidence.put(key, Math.round(now / before * 100) / 100.0);
      }
    }

    private static double round(double millis) {
      return Math.round(millis * 1000) / 1000.0;
    }
  }
}
