package io.querylens.core.baseline;

import io.querylens.core.insight.Finding;
import io.querylens.core.insight.RegressionSettings;
import io.querylens.core.insight.Regressions;
import io.querylens.core.insight.StatementFigures;
import io.querylens.core.pg.Snapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A saved baseline held against the workload now. When the counters went on from the baseline's
 * (same server and database, same {@code stats_reset}, a shape's calls not fewer), a shape is
 * judged by the executions since the baseline was saved, not diluted by those before it; otherwise
 * (a reset, another server) by its figures now.
 *
 * @param regressions {@code regression} findings, the one adding the most time first
 * @param compared shapes in both the baseline and now
 * @param newShapes shapes now that the baseline does not have
 * @param goneShapes shapes of the baseline not seen now (or no longer among the top statements)
 * @param sinceBaseline whether the figures now are the executions since the baseline
 */
public record BaselineComparison(
    List<Finding> regressions, int compared, int newShapes, int goneShapes, boolean sinceBaseline) {

  public BaselineComparison {
    regressions = List.copyOf(regressions);
  }

  public static BaselineComparison of(
      Baseline baseline, Snapshot now, RegressionSettings settings) {
    Map<String, StatementFigures> before = baseline.byFingerprint();
    boolean sameCounters =
        Objects.equals(baseline.server(), now.server().server().toString())
            && Objects.equals(baseline.database(), now.server().database())
            && Objects.equals(baseline.statsReset(), now.statementsReset());
    List<StatementFigures> later = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int compared = 0;
    int newShapes = 0;
    boolean since = sameCounters;
    for (StatementFigures shape : Baseline.shapes(now.statements())) {
      seen.add(shape.fingerprint());
      StatementFigures earlier = before.get(shape.fingerprint());
      if (earlier == null) {
        newShapes++;
        continue;
      }
      compared++;
      if (sameCounters && shape.calls() >= earlier.calls()) {
        later.add(shape.since(earlier));
      } else {
        since = false;
        later.add(shape);
      }
    }
    int gone = 0;
    for (String fingerprint : before.keySet()) {
      if (!seen.contains(fingerprint)) {
        gone++;
      }
    }
    String comparedWith =
        "the baseline saved "
            + (baseline.savedAt() == null ? "earlier" : baseline.savedAt().toString())
            + (since ? " (executions since then)" : "");
    return new BaselineComparison(
        Regressions.find(before, later, settings, now.server().database(), comparedWith),
        compared,
        newShapes,
        gone,
        since);
  }
}
