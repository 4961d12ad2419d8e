package io.querylens.core.insight;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The indexes the observed statement shapes' generic plans scan, each with the shapes that would
 * lose it: what a drop recommendation must respect (an index a plan uses is not unused, whatever
 * its scan counter says since {@code stats_reset}).
 */
public final class IndexesInUse {

  private static final IndexesInUse NONE = new IndexesInUse(Map.of());

  /** {@code schema.index} to the fingerprints of the shapes whose plans scan it. */
  private final Map<String, Set<String>> shapesByIndex;

  private IndexesInUse(Map<String, Set<String>> shapesByIndex) {
    this.shapesByIndex = shapesByIndex;
  }

  /** Before any plan was read: nothing is known to be in use. */
  public static IndexesInUse none() {
    return NONE;
  }

  public static IndexesInUse of(List<ShapePlan> plans) {
    Map<String, Set<String>> byIndex = new HashMap<>();
    for (ShapePlan plan : plans) {
      for (String index : plan.indexesUsed()) {
        byIndex.computeIfAbsent(index, i -> new LinkedHashSet<>()).add(plan.fingerprint());
      }
    }
    byIndex.replaceAll((index, shapes) -> Set.copyOf(shapes));
    return new IndexesInUse(Map.copyOf(byIndex));
  }

  /** Whether an observed shape's plan scans the index. */
  public boolean isUsed(String schema, String index) {
    return shapesByIndex.containsKey(schema + "." + index);
  }

  /** The fingerprints of the shapes whose plans scan the index; empty when none was seen. */
  public Set<String> shapesUsing(String schema, String index) {
    return shapesByIndex.getOrDefault(schema + "." + index, Set.of());
  }

  /**
   * Each index in use ({@code schema.index}) with the fingerprints of the shapes that scan it, in
   * the form {@link AdvisorInput#withIndexUsers} takes.
   */
  public Map<String, List<String>> byIndex() {
    Map<String, List<String>> users = new HashMap<>();
    shapesByIndex.forEach((index, shapes) -> users.put(index, shapes.stream().sorted().toList()));
    return users;
  }

  /** Every index in use, {@code schema.index}. */
  public Set<String> indexes() {
    return shapesByIndex.keySet();
  }

  @Override
  public String toString() {
    return "IndexesInUse" + shapesByIndex;
  }
}
