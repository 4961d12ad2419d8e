package io.querylens.core.insight;

import io.querylens.core.sql.SqlFingerprinter;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement shape's generic plan, as the missing-index round read it: what a DBA asks first
 * when a statement regresses (did the plan flip, or did the data grow?).
 *
 * @param fingerprint our fingerprint of the shape (for a pg_stat_statements entry, of its text):
 *     what names the shape across rounds and sources
 * @param queryId pg_stat_statements' {@code queryid}, or null for a shape only the agent measured
 * @param planHash 16 hex digits over the plan's structure (node types, relations, indexes), not its
 *     estimates: the same plan over grown data keeps its hash
 * @param indexesUsed {@code schema.index} of every index the plan scans, in plan order
 * @param scans one line per scan node: {@code Index Scan on public.events using events_pkey}
 * @param totalCost the plan's estimated total cost
 * @param planJson the {@code EXPLAIN (FORMAT JSON, VERBOSE)} text, or null when longer than {@link
 *     #MAX_PLAN_CHARS} (a cut JSON document is of no use to anyone)
 */
public record ShapePlan(
    String fingerprint,
    Long queryId,
    String planHash,
    List<String> indexesUsed,
    List<String> scans,
    double totalCost,
    String planJson) {

  /** A plan is kept (and exported) whole up to this size. */
  public static final int MAX_PLAN_CHARS = 16_384;

  public ShapePlan {
    indexesUsed = List.copyOf(indexesUsed);
    scans = List.copyOf(scans);
  }

  static ShapePlan of(PlannedStatement statement, String planJson, PlanNode root) {
    List<String> indexes = new ArrayList<>();
    List<String> scans = new ArrayList<>();
    StringBuilder structure = new StringBuilder();
    walk(root, null, indexes, scans, structure);
    boolean fromStatistics = "queryid".equals(statement.idKey());
    return new ShapePlan(
        fromStatistics
            ? SqlFingerprinter.shape(statement.query()).fingerprint().toHex()
            : statement.id(),
        fromStatistics ? Long.valueOf(statement.id()) : null,
        hash(structure),
        indexes,
        scans,
        root.totalCost(),
        planJson.length() > MAX_PLAN_CHARS ? null : planJson);
  }

  /** Whether this plan scans {@code schema.index}. */
  public boolean uses(String schema, String index) {
    return indexesUsed.contains(schema + "." + index);
  }

  /**
   * @param schema the schema of the relation above (a bitmap index scan names no relation: its heap
   *     scan above does)
   */
  private static void walk(
      PlanNode node,
      String schema,
      List<String> indexes,
      List<String> scans,
      StringBuilder structure) {
    String relationSchema = node.schema() != null ? node.schema() : schema;
    structure.append('(').append(node.nodeType());
    if (node.relation() != null) {
      structure.append(' ').append(relationSchema).append('.').append(node.relation());
    }
    if (node.indexName() != null) {
      structure.append(" using ").append(node.indexName());
      String qualified = relationSchema + "." + node.indexName();
      if (!indexes.contains(qualified)) {
        indexes.add(qualified);
      }
    }
    if (node.relation() != null || node.indexName() != null) {
      scans.add(
          node.nodeType()
              + (node.relation() == null ? "" : " on " + relationSchema + "." + node.relation())
              + (node.indexName() == null ? "" : " using " + node.indexName()));
    }
    for (PlanNode child : node.children()) {
      walk(child, relationSchema, indexes, scans, structure);
    }
    structure.append(')');
  }

  /** FNV-1a, 64 bits: stable across JVMs and versions, unlike {@code String.hashCode} mixing. */
  private static String hash(CharSequence text) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash ^= text.charAt(i);
      hash *= 0x100000001b3L;
    }
    String hex = Long.toHexString(hash);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
