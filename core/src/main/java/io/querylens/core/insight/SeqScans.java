package io.querylens.core.insight;

import java.util.ArrayList;
import java.util.List;

/** The filtered sequential scans of a plan, each with the Sort right above it, if any. */
final class SeqScans {

  /** A filtered sequential scan and the Sort node directly above it (or null). */
  record Found(PlanNode scan, PlanNode sortAbove) {}

  private SeqScans() {}

  static List<Found> in(PlanNode root) {
    List<Found> found = new ArrayList<>();
    walk(root, null, found);
    return found;
  }

  private static void walk(PlanNode node, PlanNode parent, List<Found> found) {
    if (node.isSeqScan() && node.filter() != null && node.relation() != null) {
      boolean sortAbove = parent != null && "Sort".equals(parent.nodeType());
      found.add(new Found(node, sortAbove ? parent : null));
    }
    for (PlanNode child : node.children()) {
      walk(child, node, found);
    }
  }
}
