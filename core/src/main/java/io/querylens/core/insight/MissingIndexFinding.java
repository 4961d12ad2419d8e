package io.querylens.core.insight;

import io.querylens.core.pg.Snapshot;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wording of a {@code missing_index} finding: its evidence (the statement, the wasteful scan,
 * the figures that made it a candidate, HypoPG's costs) and a note a DBA can act on.
 */
final class MissingIndexFinding {

  private MissingIndexFinding() {}

  /**
   * @param verdict HypoPG's, or null when HypoPG is not installed or the check failed
   * @param hypoPg what the server offers, for the note when nothing was verified
   */
  static Finding of(
      Snapshot snapshot,
      PlannedStatement statement,
      PlanNode plan,
      MissingIndexCandidates.Candidate found,
      HypoPg hypoPg,
      HypoPg.Verdict verdict) {
    IndexCandidate candidate = found.index();
    PlanNode scan = candidate.scan();
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put(statement.idKey(), statement.id());
    evidence.put("calls", statement.calls());
    evidence.put("total_ms", Math.round(statement.totalMillis() * 10) / 10.0);
    evidence.put("mean_ms", Math.round(statement.meanMillis() * 1000) / 1000.0);
    evidence.put("table_rows", found.tableRows());
    evidence.put("access_path", candidate.path().evidenceName());
    evidence.put("plan_node", scan.nodeType() + " on " + scan.schema() + "." + scan.relation());
    if (found.indexUsed() != null) {
      evidence.put("index_used", found.indexUsed());
      evidence.put("index_cond", indexCondition(plan, found.indexUsed()));
    }
    evidence.put("filter", scan.filter());
    if (found.rowsFetched() >= 0) {
      evidence.put("rows_fetched", Math.round(found.rowsFetched()));
    }
    evidence.put("plan_rows", Math.round(scan.planRows()));
    if (statement.blocksPerRow() >= 0) {
      evidence.put("blocks_per_row", Math.round(statement.blocksPerRow() * 10) / 10.0);
    }
    evidence.put("plan_cost", plan.totalCost());
    WriteLoad load = WriteLoad.of(snapshot, candidate.schema(), candidate.table());
    if (load != null) {
      evidence.put("table_writes", load.writes());
      evidence.put("table_reads", load.reads());
      evidence.put("table_indexes", load.indexes().size());
    }
    evidence.put("verified", verdict != null && verdict.cheaper());
    if (verdict != null) {
      evidence.put("cost_with_index", verdict.costAfter());
    }
    Risk risk = load == null ? Risk.MEDIUM : load.riskOfAddingAnIndex();
    return new Finding(
        MissingIndexAdvisor.KIND,
        Severity.WARNING,
        risk,
        new FindingObject(
            snapshot.server().database(),
            candidate.schema(),
            candidate.table(),
            candidate.name(),
            null),
        evidence,
        candidate.createSql(),
        candidate.dropSql(),
        verification(hypoPg, verdict) + " " + why(candidate, found) + riskNote(risk, load));
  }

  private static String indexCondition(PlanNode plan, String index) {
    if (index.equals(plan.indexName())) {
      return plan.indexCondition();
    }
    for (PlanNode child : plan.children()) {
      String condition = indexCondition(child, index);
      if (condition != null) {
        return condition;
      }
    }
    return null;
  }

  private static String why(IndexCandidate candidate, MissingIndexCandidates.Candidate found) {
    String scan = "The generic plan's " + candidate.path().description();
    return switch (candidate.path()) {
      case SEQUENTIAL_SCAN -> scan + " returns a small share of a large table.";
      case RESIDUAL_FILTER ->
          scan
              + " reaches about "
              + Math.round(found.rowsFetched())
              + " rows through "
              + found.indexUsed()
              + " and its filter keeps about "
              + Math.round(candidate.scan().planRows())
              + ": an index on "
              + candidate.path().proposal()
              + " reads only those.";
      case NON_LEADING_COLUMN ->
          scan
              + " searches "
              + found.indexUsed()
              + " by a column that is not its first, so it reads the whole index: an index with "
              + candidate.path().proposal()
              + " reaches the rows directly.";
    };
  }

  private static String verification(HypoPg hypoPg, HypoPg.Verdict verdict) {
    if (verdict != null) {
      return verdict.cheaper()
          ? "HypoPG: the plan uses the hypothetical index and its cost falls from "
              + verdict.costBefore()
              + " to "
              + verdict.costAfter()
              + "."
          : "HypoPG: the plan would use this index but would not be cheaper; treat it as a guess.";
    }
    if (hypoPg.installed()) {
      return "HypoPG could not check it; treat it as a guess.";
    }
    return "Unverified: HypoPG is "
        + (hypoPg.available() ? "available but not installed" : "not available")
        + ", so no hypothetical index checked the gain. Build it, then compare"
        + " the statement's mean time.";
  }

  private static String riskNote(Risk risk, WriteLoad load) {
    if (risk != Risk.HIGH) {
      return "";
    }
    return " Risk high: the table "
        + (load.writeHeavy()
            ? "is written more than it is read"
            : "has " + load.indexes().size() + " indexes already")
        + ", and every insert and non-HOT update would write this index too.";
  }
}
