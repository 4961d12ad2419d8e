package io.querylens.core.report;

import io.querylens.core.baseline.Baseline;
import io.querylens.core.baseline.BaselineComparison;
import io.querylens.core.insight.Finding;
import io.querylens.core.insight.RegressionSettings;
import io.querylens.core.json.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code baseline compare} prints: which baseline, how many shapes were compared, and each
 * {@code regression} finding as the report shows findings. The JSON's {@code findings} items have
 * the report's form.
 */
public final class BaselineReport {

  private final String server;
  private final Baseline baseline;
  private final BaselineComparison comparison;
  private final RegressionSettings settings;

  public BaselineReport(
      String server,
      Baseline baseline,
      BaselineComparison comparison,
      RegressionSettings settings) {
    this.server = server;
    this.baseline = baseline;
    this.comparison = comparison;
    this.settings = settings;
  }

  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append("QueryLens baseline comparison for ").append(server).append('\n');
    out.append("Baseline: saved ")
        .append(baseline.savedAt() == null ? "at an unknown time" : baseline.savedAt())
        .append(" from ")
        .append(baseline.server())
        .append('/')
        .append(baseline.database())
        .append(", ")
        .append(baseline.statements().size())
        .append(" statement shapes\n");
    out.append("Now: ")
        .append(
            comparison.sinceBaseline()
                ? "the executions since the baseline"
                : "the figures as they are (statistics reset, or another server)")
        .append('\n');
    out.append("Compared ")
        .append(comparison.compared())
        .append(" shapes (")
        .append(comparison.newShapes())
        .append(" new, ")
        .append(comparison.goneShapes())
        .append(" gone); a regression is a p95 or mean ")
        .append(settings.factor())
        .append(" times as high and ")
        .append(settings.minIncrease().toNanos() / 1e6)
        .append(" ms more, over ")
        .append(settings.minCalls())
        .append("+ calls on both sides\n");
    out.append('\n').append("Regressions: ").append(comparison.regressions().size()).append('\n');
    for (Finding finding : comparison.regressions()) {
      Report.appendFinding(finding, out);
    }
    return out.toString();
  }

  public String toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("server", server);
    Map<String, Object> saved = new LinkedHashMap<>();
    saved.put("saved_at", baseline.savedAt() == null ? null : baseline.savedAt().toString());
    saved.put("server", baseline.server());
    saved.put("database", baseline.database());
    saved.put("statements", baseline.statements().size());
    root.put("baseline", saved);
    root.put("since_baseline", comparison.sinceBaseline());
    root.put("compared", comparison.compared());
    root.put("new_shapes", comparison.newShapes());
    root.put("gone_shapes", comparison.goneShapes());
    Map<String, Object> thresholds = new LinkedHashMap<>();
    thresholds.put("factor", settings.factor());
    thresholds.put("min_increase_ms", settings.minIncrease().toNanos() / 1e6);
    thresholds.put("min_calls", settings.minCalls());
    root.put("thresholds", thresholds);
    List<Object> items = new ArrayList<>();
    for (Finding finding : comparison.regressions()) {
      items.add(Report.findingJson(finding));
    }
    root.put("findings", items);
    StringBuilder out = new StringBuilder();
    JsonWriter.write(root, out);
    return out.append('\n').toString();
  }
}
