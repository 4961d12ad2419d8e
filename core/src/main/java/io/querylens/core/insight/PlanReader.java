package io.querylens.core.insight;

import io.querylens.core.json.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the text of {@code EXPLAIN (FORMAT JSON)} into {@link PlanNode}s. */
public final class PlanReader {

  private PlanReader() {}

  /**
   * The root plan node.
   *
   * @throws IllegalArgumentException when the text is not an EXPLAIN JSON document
   */
  public static PlanNode read(String json) {
    Object document = JsonReader.parse(json);
    if (!(document instanceof List<?> statements)
        || statements.isEmpty()
        || !(statements.get(0) instanceof Map<?, ?> statement)
        || !(statement.get("Plan") instanceof Map<?, ?> plan)) {
      throw new IllegalArgumentException("Not an EXPLAIN (FORMAT JSON) document");
    }
    return node(plan);
  }

  private static PlanNode node(Map<?, ?> plan) {
    List<PlanNode> children = new ArrayList<>();
    if (plan.get("Plans") instanceof List<?> plans) {
      for (Object child : plans) {
        if (child instanceof Map<?, ?> map) {
          children.add(node(map));
        }
      }
    }
    List<String> sortKeys = new ArrayList<>();
    if (plan.get("Sort Key") instanceof List<?> keys) {
      for (Object key : keys) {
        sortKeys.add(String.valueOf(key));
      }
    }
    return new PlanNode(
        text(plan, "Node Type"),
        text(plan, "Schema"),
        text(plan, "Relation Name"),
        text(plan, "Alias"),
        text(plan, "Filter"),
        sortKeys,
        text(plan, "Index Name"),
        text(plan, "Index Cond"),
        number(plan, "Plan Rows"),
        number(plan, "Total Cost"),
        children);
  }

  private static String text(Map<?, ?> plan, String key) {
    Object value = plan.get(key);
    return value == null ? null : value.toString();
  }

  private static double number(Map<?, ?> plan, String key) {
    return plan.get(key) instanceof Number n ? n.doubleValue() : 0;
  }
}
