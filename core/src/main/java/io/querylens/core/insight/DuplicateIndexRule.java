package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Indexes another index already covers: an identical definition, or a btree whose key columns are a
 * leading prefix of another valid btree's, neither partial nor on expressions (a search on the
 * prefix can use the longer index). Never an index that enforces something, and no claim at all
 * about an index whose definition the sample could not read. It only names the coverings: {@link
 * IndexActionPlan} decides which index of a pair may be dropped.
 */
final class DuplicateIndexRule {

  public static final String KIND = "duplicate_index";

  private DuplicateIndexRule() {}

  /** Another index that serves whatever {@code redundant} serves. */
  record Covering(IndexStats index, boolean identical) {}

  /**
   * For each droppable index, the indexes covering it: identical twins first (the stronger claim),
   * then longer indexes it is a prefix of.
   */
  static Map<IndexStats, List<Covering>> coverings(AdvisorInput input) {
    List<IndexStats> indexes = input.snapshot().indexes();
    Map<IndexStats, List<Covering>> coverings = new LinkedHashMap<>();
    for (IndexStats candidate : indexes) {
      if (UnusedIndexRule.enforcesSomething(candidate)
          || !candidate.valid()
          || !candidate.definitionKnown()) {
        continue;
      }
      List<Covering> found = new ArrayList<>();
      for (IndexStats other : indexes) {
        if (other != candidate
            && comparable(candidate, other)
            && sameDefinition(candidate, other)) {
          found.add(new Covering(other, true));
        }
      }
      for (IndexStats other : indexes) {
        if (other != candidate
            && comparable(candidate, other)
            && coveredAsPrefix(candidate, other)) {
          found.add(new Covering(other, false));
        }
      }
      if (!found.isEmpty()) {
        coverings.put(candidate, found);
      }
    }
    return coverings;
  }

  private static boolean comparable(IndexStats candidate, IndexStats other) {
    return other.valid()
        && other.definitionKnown()
        && other.schema().equals(candidate.schema())
        && other.table().equals(candidate.table());
  }

  private static boolean sameDefinition(IndexStats a, IndexStats b) {
    return withoutName(a).equals(withoutName(b));
  }

  /** {@code CREATE INDEX orders_a ON public.orders USING btree (a)} without {@code orders_a}. */
  private static String withoutName(IndexStats index) {
    String definition = index.definition();
    int on = definition.indexOf(" ON ");
    int name = definition.indexOf("INDEX ");
    if (on < 0 || name < 0 || name > on) {
      return definition;
    }
    return definition.substring(0, name + "INDEX".length()) + definition.substring(on);
  }

  /**
   * A plain btree whose columns lead a longer plain btree. A partial or expression index is never a
   * prefix of anything: its columns list leaves out what makes it different.
   */
  private static boolean coveredAsPrefix(IndexStats shorter, IndexStats longer) {
    List<String> prefix = shorter.columns();
    List<String> columns = longer.columns();
    return plainBtree(shorter)
        && plainBtree(longer)
        && !prefix.isEmpty()
        && prefix.size() < columns.size()
        && columns.subList(0, prefix.size()).equals(prefix);
  }

  private static boolean plainBtree(IndexStats index) {
    return "btree".equals(index.method())
        && index.predicate() == null
        && index.expressions() == null;
  }

  /** The evidence of the covering, added to {@code evidence}; returns the note. */
  static String evidence(IndexStats redundant, Covering covering, Map<String, Object> evidence) {
    evidence.put("covered_by", covering.index().name());
    evidence.put(
        "relation", covering.identical() ? "identical definition" : "leading column prefix");
    evidence.put("columns", String.join(", ", redundant.columns()));
    evidence.put("covering_columns", String.join(", ", covering.index().columns()));
    evidence.put("scans", redundant.scans());
    return covering.identical()
        ? "Same definition as " + covering.index().name() + "; every write maintains both."
        : covering.index().name() + " starts with the same columns and serves the same searches.";
  }
}
