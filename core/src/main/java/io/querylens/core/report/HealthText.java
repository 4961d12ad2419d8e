package io.querylens.core.report;

import io.querylens.core.insight.Health;
import io.querylens.core.insight.HealthScores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's health section: every table, and the indexes graded below A (JSON: all). */
final class HealthText {

  private HealthText() {}

  static void append(HealthScores health, StringBuilder out) {
    out.append('\n')
        .append("Health (0-100: A 90+, B 80+, C 70+, D 60+, F below; points lost by cause)\n");
    if (health.tables().isEmpty() && health.indexes().isEmpty()) {
      out.append("  no tables sampled\n");
      return;
    }
    for (Health table : health.tables()) {
      line("table", table, out);
    }
    int graded = 0;
    for (Health index : health.indexes()) {
      if (index.score() < 90) {
        line("index", index, out);
      } else {
        graded++;
      }
    }
    if (graded > 0) {
      out.append("  and ").append(graded).append(" indexes graded A\n");
    }
  }

  private static void line(String what, Health health, StringBuilder out) {
    out.append(
        String.format(
            Locale.ROOT,
            "  %3d %s  %-5s %s",
            health.score(),
            health.grade(),
            what,
            health.object().qualifiedName()));
    if (!health.deductions().isEmpty()) {
      out.append("  (");
      String separator = "";
      for (Map.Entry<String, Integer> cause : health.deductions().entrySet()) {
        out.append(separator).append(cause.getKey()).append(" -").append(cause.getValue());
        separator = ", ";
      }
      out.append(')');
    }
    out.append('\n');
  }

  static Map<String, Object> json(HealthScores health) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("tables", items(health.tables()));
    section.put("indexes", items(health.indexes()));
    return section;
  }

  private static List<Object> items(List<Health> scores) {
    List<Object> items = new ArrayList<>();
    for (Health health : scores) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("schema", health.object().schema());
      item.put("table", health.object().table());
      if (health.object().index() != null) {
        item.put("index", health.object().index());
      }
      item.put("score", health.score());
      item.put("grade", health.grade());
      item.put("deductions", health.deductions());
      items.add(item);
    }
    return items;
  }
}
