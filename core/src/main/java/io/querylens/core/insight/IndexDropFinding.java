package io.querylens.core.insight;

import io.querylens.core.insight.DuplicateIndexRule.Covering;
import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.Snapshot;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The words and SQL of {@link IndexActionPlan}'s findings: a drop with all its reasons and what
 * would lose the index, or why an unused or covered index is kept (then no action at all).
 */
final class IndexDropFinding {

  private IndexDropFinding() {}

  /** A drop that is safe together with every other drop of the plan. */
  static Finding drop(AdvisorInput input, IndexStats index, boolean unused, Covering covering) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    String note = reasons(input, index, unused, covering, evidence);
    List<String> users = input.statementsUsing(index);
    evidence.put("statements_using", users.isEmpty() ? "none seen" : String.join(", ", users));
    if (!users.isEmpty() && covering != null) {
      note += " The statements that use it get the same plan on " + covering.index().name() + ".";
    }
    observationWindow(input, evidence);
    String name = IndexSql.qualified(index.schema(), index.name());
    return new Finding(
        kind(covering),
        Severity.WARNING,
        covering != null ? Risk.LOW : Risk.MEDIUM,
        object(input, index),
        evidence,
        "DROP INDEX CONCURRENTLY " + name + ";",
        IndexSql.concurrently(index.definition()) + ";",
        note);
  }

  /** Unused, but another drop of the plan relies on it. */
  static Finding kept(AdvisorInput input, IndexStats index, String why) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    String note = UnusedIndexRule.evidence(input, index, evidence);
    evidence.put("kept_because", why);
    observationWindow(input, evidence);
    return informational(
        UnusedIndexRule.KIND,
        input,
        index,
        evidence,
        note + " Kept all the same: " + why + ", so no action is recommended for it.");
  }

  /** Covered by another index but in use: the planner chose it, so dropping it is not advised. */
  static Finding coveredButUsed(AdvisorInput input, IndexStats index, Covering covering) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    String note = DuplicateIndexRule.evidence(index, covering, evidence);
    List<String> users = input.statementsUsing(index);
    evidence.put("statements_using", users.isEmpty() ? "none seen" : String.join(", ", users));
    observationWindow(input, evidence);
    return informational(
        DuplicateIndexRule.KIND,
        input,
        index,
        evidence,
        note
            + " But it is in use (scans, or a statement's plan): the planner preferred it, and "
            + covering.index().name()
            + " would serve those statements with another plan that may cost more, so no drop is"
            + " recommended.");
  }

  /** Droppable, except that no other index would serve these foreign keys' lookups. */
  static Finding servesForeignKey(
      AdvisorInput input,
      IndexStats index,
      boolean unused,
      Covering covering,
      List<String> foreignKeys) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    String note = reasons(input, index, unused, covering, evidence);
    evidence.put("serves_foreign_keys", String.join(", ", foreignKeys));
    observationWindow(input, evidence);
    return informational(
        kind(covering),
        input,
        index,
        evidence,
        note
            + " Kept all the same: it is the last index serving the lookups of foreign key "
            + String.join(", ", foreignKeys)
            + "; without it every delete or key update of a referenced row scans the table.");
  }

  /** Droppable by its numbers, but the sample could not read its definition: no SQL to give. */
  static Finding definitionUnknown(
      AdvisorInput input, IndexStats index, boolean unused, Covering covering) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    String note = reasons(input, index, unused, covering, evidence);
    evidence.put("definition", "unknown in this sample");
    observationWindow(input, evidence);
    return new Finding(
        kind(covering),
        Severity.WARNING,
        Risk.MEDIUM,
        object(input, index),
        evidence,
        null,
        null,
        note
            + " Its definition could not be read in this sample (its table was locked), so the"
            + " exact SQL to drop and recreate it is unknown and none is given; a later sample"
            + " will.");
  }

  private static String reasons(
      AdvisorInput input,
      IndexStats index,
      boolean unused,
      Covering covering,
      Map<String, Object> evidence) {
    String note = "";
    if (covering != null) {
      note = DuplicateIndexRule.evidence(index, covering, evidence);
    }
    if (unused) {
      String unusedNote = UnusedIndexRule.evidence(input, index, evidence);
      note = note.isEmpty() ? unusedNote : note + " " + unusedNote;
    }
    evidence.put("size_bytes", index.sizeBytes());
    return note;
  }

  /**
   * What the advice rests on: counters since their reset (or the server's start), and how long the
   * agent itself has watched the workload.
   */
  private static void observationWindow(AdvisorInput input, Map<String, Object> evidence) {
    evidence.put("stats_since", String.valueOf(statsSince(input.snapshot())));
    if (input.watchingSince() != null) {
      evidence.put("watching_since", input.watchingSince().toString());
    }
  }

  private static Instant statsSince(Snapshot snapshot) {
    Instant reset = snapshot.database() == null ? null : snapshot.database().statsReset();
    return reset != null ? reset : snapshot.server().postmasterStart();
  }

  private static String kind(Covering covering) {
    return covering != null ? DuplicateIndexRule.KIND : UnusedIndexRule.KIND;
  }

  private static FindingObject object(AdvisorInput input, IndexStats index) {
    return FindingObject.index(input.database(), index.schema(), index.table(), index.name());
  }

  private static Finding informational(
      String kind,
      AdvisorInput input,
      IndexStats index,
      Map<String, Object> evidence,
      String note) {
    return new Finding(
        kind, Severity.INFO, Risk.NONE, object(input, index), evidence, null, null, note);
  }
}
