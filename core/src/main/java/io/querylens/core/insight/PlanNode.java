package io.querylens.core.insight;

import java.util.List;

/**
 * One node of an {@code EXPLAIN (FORMAT JSON, VERBOSE)} plan, with only what the missing-index rule
 * reads. Fields a node type does not have are null (or empty).
 *
 * @param schema and {@code relation}, {@code alias}: for scans ({@code VERBOSE} adds the schema)
 * @param filter the scan's {@code Filter} expression as PostgreSQL prints it
 * @param sortKeys a Sort node's keys, e.g. {@code o.created_at DESC}
 * @param indexName for index scans, the index used (HypoPG's hypothetical ones start with '<')
 * @param indexCondition an index or bitmap index scan's {@code Index Cond}, or null
 */
public record PlanNode(
    String nodeType,
    String schema,
    String relation,
    String alias,
    String filter,
    List<String> sortKeys,
    String indexName,
    String indexCondition,
    double planRows,
    double totalCost,
    List<PlanNode> children) {

  public PlanNode {
    sortKeys = List.copyOf(sortKeys);
    children = List.copyOf(children);
  }

  /** A node without an index condition (a sequential scan, a sort, a join). */
  public PlanNode(
      String nodeType,
      String schema,
      String relation,
      String alias,
      String filter,
      List<String> sortKeys,
      String indexName,
      double planRows,
      double totalCost,
      List<PlanNode> children) {
    this(
        nodeType, schema, relation, alias, filter, sortKeys, indexName, null, planRows, totalCost,
        children);
  }

  boolean isSeqScan() {
    return "Seq Scan".equals(nodeType);
  }

  boolean isIndexScan() {
    return "Index Scan".equals(nodeType) || "Index Only Scan".equals(nodeType);
  }

  boolean isBitmapHeapScan() {
    return "Bitmap Heap Scan".equals(nodeType);
  }

  /** Whether this node or one below it scans {@code index}. */
  boolean uses(String index) {
    if (index.equals(indexName)) {
      return true;
    }
    for (PlanNode child : children) {
      if (child.uses(index)) {
        return true;
      }
    }
    return false;
  }
}
