package io.querylens.core.insight;

import io.querylens.core.pg.Snapshot;
import io.querylens.core.stats.ObservedStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Missing indexes, from evidence: the generic plans of the statements that cost the most total
 * time. Every access path that reads far more rows than it returns ({@link AccessPath}: a filtered
 * sequential scan, an index scan with a residual filter, an index scan on a non-leading column)
 * becomes a candidate index ({@link MissingIndexCandidates}); HypoPG, when installed, checks that
 * the plan would use it and be cheaper, and a candidate it would not use is dropped. Findings come
 * in the order of their statement's total time.
 *
 * <p>Needs a connection (unlike the snapshot rules): everything runs in one READ ONLY transaction
 * with its own {@code statement_timeout} and {@code lock_timeout}, never {@code EXPLAIN ANALYZE},
 * never DDL, and is rolled back. A statement it cannot explain is skipped and counted.
 */
public final class MissingIndexAdvisor {

  public static final String KIND = "missing_index";

  private static final int MAX_REASONS = 5;

  private final MissingIndexSettings settings;

  public MissingIndexAdvisor(MissingIndexSettings settings) {
    this.settings = settings;
  }

  /**
   * One round over {@code snapshot}'s statements, on {@code connection} (the sampler's own session
   * is fine: its settings are changed only for this transaction and its auto-commit mode restored).
   *
   * @throws SQLException only when the session itself fails (it is then best dropped)
   */
  public MissingIndexReport evaluate(Connection connection, Snapshot snapshot) throws SQLException {
    return evaluate(connection, snapshot, List.of());
  }

  /**
   * One round over {@code snapshot}'s statements and the ones the agent measured itself ({@code
   * observed}, which is all there is when pg_stat_statements is not installed), the costliest first
   * whatever their source.
   *
   * @throws SQLException only when the session itself fails (it is then best dropped)
   */
  public MissingIndexReport evaluate(
      Connection connection, Snapshot snapshot, List<ObservedStatement> observed)
      throws SQLException {
    return evaluate(connection, snapshot, observed, null);
  }

  /**
   * {@link #evaluate(Connection, Snapshot, List)} with unqualified names resolved in the
   * application's {@code search_path} ({@code currentSchema}), or the session's default when null.
   *
   * @throws SQLException only when the session itself fails (it is then best dropped)
   */
  public MissingIndexReport evaluate(
      Connection connection,
      Snapshot snapshot,
      List<ObservedStatement> observed,
      String applicationSearchPath)
      throws SQLException {
    List<PlannedStatement> costly =
        costliest(PlannedStatement.allOf(snapshot, observed), settings.topStatements());
    if (costly.isEmpty()) {
      return new MissingIndexReport(List.of(), 0, 0, List.of(), Map.of(), "not checked");
    }
    long started = System.nanoTime();
    MissingIndexReport report =
        ReadOnlyTransaction.run(
            connection,
            settings.explainTimeout(),
            settings.lockTimeout(),
            inside -> round(inside, snapshot, costly, applicationSearchPath));
    if (!report.scansAddedByAdvisor().isEmpty()) {
      PlannerProbeFlush.afterBefore15(connection, snapshot.server().versionNumber(), started);
    }
    return report;
  }

  private MissingIndexReport round(
      Connection connection,
      Snapshot snapshot,
      List<PlannedStatement> costly,
      String applicationSearchPath)
      throws SQLException {
    // The application's tables, as its statements name them, not the sampler's pg_catalog.
    PlanningSearchPath.set(connection, applicationSearchPath);
    int version = snapshot.server().versionNumber();
    HypoPg hypoPg = HypoPg.find(connection);
    MissingIndexCandidates candidates = new MissingIndexCandidates(connection, snapshot, settings);
    Map<String, Finding> findings = new LinkedHashMap<>();
    Map<String, Integer> statementsPerCandidate = new HashMap<>();
    int explained = 0;
    int skipped = 0;
    List<String> skippedBecause = new ArrayList<>();
    List<ShapePlan> plans = new ArrayList<>();
    for (PlannedStatement statement : costly) {
      Savepoint savepoint = connection.setSavepoint();
      try {
        String json = GenericPlan.explain(connection, statement.query());
        PlanNode plan = PlanReader.read(json);
        explained++;
        plans.add(ShapePlan.of(statement, json, plan));
        for (MissingIndexCandidates.Candidate found : candidates.in(plan)) {
          IndexCandidate candidate = found.index();
          String key = candidate.schema() + "." + candidate.table() + candidate.columns();
          if (!findings.containsKey(key)) {
            HypoPg.Verdict verdict =
                hypoPg.verdictOrNull(connection, statement.query(), candidate, plan.totalCost());
            if (verdict != null && !verdict.used()) {
              // The planner would not use it: an index nobody reads only slows writes.
              continue;
            }
            findings.put(
                key, MissingIndexFinding.of(snapshot, statement, plan, found, hypoPg, verdict));
          }
          statementsPerCandidate.merge(key, 1, Integer::sum);
        }
        connection.releaseSavepoint(savepoint);
      } catch (SQLException | IllegalArgumentException cannotExplain) {
        connection.rollback(savepoint);
        GenericPlan.deallocateIfPrepared(connection);
        skipped++;
        if (skippedBecause.size() < MAX_REASONS) {
          skippedBecause.add(
              statement.idKey() + " " + statement.id() + ": " + reason(cannotExplain));
        }
      }
    }
    Map<String, Long> probes = PlannerProbes.thisTransaction(connection);
    PlannerProbeFlush.forceInside(connection, version);
    List<Finding> result = new ArrayList<>();
    for (Map.Entry<String, Finding> entry : findings.entrySet()) {
      result.add(withStatementCount(entry.getValue(), statementsPerCandidate.get(entry.getKey())));
    }
    String hypopg = hypoPg.installed() ? "installed" : hypoPg.available() ? "available" : "absent";
    return new MissingIndexReport(
        result, explained, skipped, skippedBecause, probes, hypopg, plans);
  }

  private static String reason(Exception error) {
    String message = String.valueOf(error.getMessage());
    int line = message.indexOf('\n');
    String first = line < 0 ? message : message.substring(0, line);
    return first.length() > 200 ? first.substring(0, 200) : first;
  }

  /** The statements worth explaining, most total time first. */
  static List<PlannedStatement> costliest(List<PlannedStatement> statements, int limit) {
    List<PlannedStatement> explainable = new ArrayList<>();
    for (PlannedStatement statement : statements) {
      if (explainable(statement.query())) {
        explainable.add(statement);
      }
    }
    explainable.sort(Comparator.comparingDouble(PlannedStatement::totalMillis).reversed());
    return explainable.size() > limit ? explainable.subList(0, limit) : explainable;
  }

  /**
   * Reads that can scan a table, and none of ours. Never a text with a semicolon: the driver would
   * send what follows it as a statement of its own, run for real.
   */
  static boolean explainable(String query) {
    if (query == null || query.contains("/* querylens */") || query.indexOf(';') >= 0) {
      return false;
    }
    String start = query.stripLeading().toLowerCase(Locale.ROOT);
    return start.startsWith("select")
        || start.startsWith("with")
        || start.startsWith("update")
        || start.startsWith("delete");
  }

  private static Finding withStatementCount(Finding finding, int statements) {
    Map<String, Object> evidence = new LinkedHashMap<>(finding.evidence());
    evidence.put("statements", statements);
    return new Finding(
        finding.kind(),
        finding.severity(),
        finding.risk(),
        finding.object(),
        evidence,
        finding.action(),
        finding.undo(),
        finding.note());
  }
}
