package io.querylens.core.insight;

import java.util.ArrayList;
import java.util.List;

/**
 * The scans of a plan that may read more than they return: filtered sequential scans, and index,
 * index-only and bitmap heap scans with an index condition. Whether one really wastes reads needs
 * the index's key columns and the table's size, which {@link MissingIndexCandidates} looks up.
 */
final class WastefulScans {

  /**
   * A scan and what the candidate derivation needs around it.
   *
   * @param scan the node that reads the table (a Seq Scan, Index Scan, Index Only Scan or Bitmap
   *     Heap Scan): relation, alias, {@code Filter}, rows returned
   * @param index the node that names the index and carries its {@code Index Cond} (the scan itself,
   *     or a bitmap heap scan's single Bitmap Index Scan); null for a sequential scan
   * @param sortAbove the Sort node right above the scan, or null
   */
  record Found(PlanNode scan, PlanNode index, PlanNode sortAbove) {

    boolean sequential() {
      return index == null;
    }

    /** The rows the index condition reaches, as the plan estimates it; -1 when it does not say. */
    double rowsFetchedInPlan() {
      return index != null && index != scan ? index.planRows() : -1;
    }
  }

  private WastefulScans() {}

  static List<Found> in(PlanNode root) {
    List<Found> found = new ArrayList<>();
    walk(root, null, found);
    return found;
  }

  private static void walk(PlanNode node, PlanNode parent, List<Found> found) {
    PlanNode sortAbove = parent != null && "Sort".equals(parent.nodeType()) ? parent : null;
    if (node.relation() != null) {
      if (node.isSeqScan() && node.filter() != null) {
        found.add(new Found(node, null, sortAbove));
      } else if (node.isIndexScan() && node.indexCondition() != null) {
        found.add(new Found(node, node, sortAbove));
      } else if (node.isBitmapHeapScan() && node.filter() != null) {
        PlanNode index = singleBitmapIndexScan(node);
        if (index != null) {
          found.add(new Found(node, index, sortAbove));
        }
      }
    }
    for (PlanNode child : node.children()) {
      walk(child, node, found);
    }
  }

  /** A BitmapAnd or BitmapOr combines several indexes: no single key prefix to extend. */
  private static PlanNode singleBitmapIndexScan(PlanNode heapScan) {
    if (heapScan.children().size() != 1) {
      return null;
    }
    PlanNode child = heapScan.children().get(0);
    return "Bitmap Index Scan".equals(child.nodeType())
            && child.indexName() != null
            && child.indexCondition() != null
        ? child
        : null;
  }
}
