package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Indexes another index already covers: an identical definition, or a btree whose key columns are a
 * leading prefix of another valid btree's with the same predicate and expressions (a search on the
 * prefix can use the longer index). Dropping one is low risk: the other serves the same queries.
 * Never an index that enforces something.
 */
public final class DuplicateIndexRule implements Rule {

  public static final String KIND = "duplicate_index";

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    List<IndexStats> indexes = input.snapshot().indexes();
    List<Finding> findings = new ArrayList<>();
    for (IndexStats candidate : indexes) {
      if (UnusedIndexRule.enforcesSomething(candidate) || !candidate.valid()) {
        continue;
      }
      // The stronger claim first: an identical twin, then a longer index it is a prefix of.
      IndexStats twin = identicalTwin(candidate, indexes);
      if (twin != null) {
        findings.add(finding(input, candidate, twin, true));
        continue;
      }
      for (IndexStats other : indexes) {
        if (other != candidate
            && other.valid()
            && sameTable(candidate, other)
            && coveredAsPrefix(candidate, other)) {
          findings.add(finding(input, candidate, other, false));
          break;
        }
      }
    }
    return findings;
  }

  /**
   * An index on the same table with the same definition that stays: one that enforces something, or
   * of two droppable twins the one first by name (so exactly one of them is reported).
   */
  private static IndexStats identicalTwin(IndexStats candidate, List<IndexStats> indexes) {
    for (IndexStats other : indexes) {
      if (other != candidate
          && other.valid()
          && sameTable(candidate, other)
          && sameDefinition(candidate, other)
          && (UnusedIndexRule.enforcesSomething(other)
              || other.name().compareTo(candidate.name()) < 0)) {
        return other;
      }
    }
    return null;
  }

  private static boolean sameTable(IndexStats a, IndexStats b) {
    return a.schema().equals(b.schema()) && a.table().equals(b.table());
  }

  private static boolean sameDefinition(IndexStats a, IndexStats b) {
    return a.definition() != null
        && b.definition() != null
        && withoutName(a).equals(withoutName(b));
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

  private static boolean coveredAsPrefix(IndexStats shorter, IndexStats longer) {
    List<String> prefix = shorter.columns();
    List<String> columns = longer.columns();
    return "btree".equals(shorter.method())
        && "btree".equals(longer.method())
        && Objects.equals(shorter.predicate(), longer.predicate())
        && Objects.equals(shorter.expressions(), longer.expressions())
        && !prefix.isEmpty()
        && prefix.size() < columns.size()
        && columns.subList(0, prefix.size()).equals(prefix);
  }

  private static Finding finding(
      AdvisorInput input, IndexStats redundant, IndexStats covering, boolean identical) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("covered_by", covering.name());
    evidence.put("relation", identical ? "identical definition" : "leading column prefix");
    evidence.put("columns", String.join(", ", redundant.columns()));
    evidence.put("covering_columns", String.join(", ", covering.columns()));
    evidence.put("size_bytes", redundant.sizeBytes());
    evidence.put("scans", redundant.scans());
    return new Finding(
        KIND,
        Severity.WARNING,
        Risk.LOW,
        FindingObject.index(
            input.database(), redundant.schema(), redundant.table(), redundant.name()),
        evidence,
        "DROP INDEX CONCURRENTLY " + IndexSql.qualified(redundant.schema(), redundant.name()) + ";",
        IndexSql.concurrently(redundant.definition()) + ";",
        identical
            ? "Same definition as " + covering.name() + "; every write maintains both."
            : covering.name() + " starts with the same columns and serves the same searches.");
  }
}
