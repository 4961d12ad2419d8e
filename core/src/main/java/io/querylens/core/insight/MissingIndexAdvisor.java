package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.StatementStats;
import io.querylens.core.pg.TableStats;
import io.querylens.core.stats.ObservedStatement;
import io.querylens.core.stats.ObservedStatements;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Missing indexes, from evidence: the generic plans of the statements that cost the most total
 * time. A sequential scan with a filter on a large table, returning a small share of it, becomes a
 * candidate index on the filtered columns; HypoPG, when installed, checks that the plan would use
 * it and be cheaper.
 *
 * <p>Needs a connection (unlike the snapshot rules): everything runs in one READ ONLY transaction
 * with its own {@code statement_timeout} and {@code lock_timeout}, never {@code EXPLAIN ANALYZE},
 * never DDL, and is rolled back. A statement it cannot explain is skipped and counted.
 */
public final class MissingIndexAdvisor {

  public static final String KIND = "missing_index";

  private static final int MAX_REASONS = 5;
  private static final int FORCED_FLUSH_VERSION = 150000;
  private static final long STATS_INTERVAL_MILLIS = 510;

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
    List<PlannedStatement> candidates = new ArrayList<>();
    for (StatementStats statement : snapshot.statements()) {
      candidates.add(PlannedStatement.of(statement));
    }
    for (ObservedStatement statement : observed) {
      if (statement.calls() > 0 && !ObservedStatements.OTHER.equals(statement.fingerprint())) {
        candidates.add(PlannedStatement.of(statement));
      }
    }
    List<PlannedStatement> costly = costliest(candidates, settings.topStatements());
    if (costly.isEmpty()) {
      return new MissingIndexReport(List.of(), 0, 0, List.of(), Map.of(), "not checked");
    }
    long started = System.nanoTime();
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    MissingIndexReport report;
    try {
      report = round(connection, snapshot, costly);
    } finally {
      try {
        connection.rollback();
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    }
    if (snapshot.server().versionNumber() < FORCED_FLUSH_VERSION
        && !report.scansAddedByAdvisor().isEmpty()) {
      reportStatisticsBefore15(connection, started);
    }
    return report;
  }

  /**
   * Before 15 a session sends its statistics when it goes idle, at most every 500 ms
   * (PGSTAT_STAT_INTERVAL), and a skipped report waits for its next transaction: after a short
   * round, the probes would reach the counters only at the session's next use, an interval later.
   * One more idle point, 500 ms after the round began, sends them now.
   */
  private static void reportStatisticsBefore15(Connection connection, long started)
      throws SQLException {
    long waitMillis = STATS_INTERVAL_MILLIS - (System.nanoTime() - started) / 1_000_000;
    if (waitMillis > 0) {
      try {
        Thread.sleep(waitMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    try (Statement sql = connection.createStatement()) {
      sql.execute("SELECT /* querylens */ 1");
    }
  }

  private MissingIndexReport round(
      Connection connection, Snapshot snapshot, List<PlannedStatement> costly) throws SQLException {
    try (Statement sql = connection.createStatement()) {
      sql.execute("SET TRANSACTION READ ONLY");
      sql.execute("SET LOCAL statement_timeout = " + settings.explainTimeout().toMillis());
      sql.execute("SET LOCAL lock_timeout = " + settings.lockTimeout().toMillis());
      // The application's tables, as its statements name them, not the sampler's pg_catalog.
      sql.execute("SET LOCAL search_path TO DEFAULT");
    }
    int version = snapshot.server().versionNumber();
    HypoPg hypoPg = HypoPg.find(connection);
    Map<String, Finding> findings = new LinkedHashMap<>();
    Map<String, Integer> statementsPerCandidate = new HashMap<>();
    int explained = 0;
    int skipped = 0;
    List<String> skippedBecause = new ArrayList<>();
    for (PlannedStatement statement : costly) {
      Savepoint savepoint = connection.setSavepoint();
      try {
        PlanNode plan = PlanReader.read(GenericPlan.explain(connection, statement.query()));
        explained++;
        for (SeqScans.Found found : SeqScans.in(plan)) {
          IndexCandidate candidate = candidate(connection, snapshot, found);
          if (candidate == null) {
            continue;
          }
          String key = candidate.schema() + "." + candidate.table() + candidate.columns();
          statementsPerCandidate.merge(key, 1, Integer::sum);
          if (!findings.containsKey(key)) {
            findings.put(key, finding(connection, snapshot, hypoPg, statement, plan, candidate));
          }
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
    forceStatisticsFlush(connection, version);
    List<Finding> result = new ArrayList<>();
    for (Map.Entry<String, Finding> entry : findings.entrySet()) {
      result.add(withStatementCount(entry.getValue(), statementsPerCandidate.get(entry.getKey())));
    }
    String hypopg = hypoPg.installed() ? "installed" : hypoPg.available() ? "available" : "absent";
    return new MissingIndexReport(result, explained, skipped, skippedBecause, probes, hypopg);
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

  private IndexCandidate candidate(Connection connection, Snapshot snapshot, SeqScans.Found found)
      throws SQLException {
    PlanNode scan = found.scan();
    if (scan.schema() == null) {
      return null;
    }
    long tuples = tableTuples(connection, snapshot, scan);
    if (tuples < settings.minTableTuples()
        || scan.planRows() > tuples * settings.maxFractionReturned()) {
      return null;
    }
    IndexCandidate candidate =
        IndexCandidate.of(
            scan, found.sortAbove(), takenNames(connection, scan.schema(), scan.relation()));
    if (candidate == null || alreadyIndexed(snapshot, candidate)) {
      return null;
    }
    return candidate;
  }

  /** {@code pg_class.reltuples}; the sampled live tuples when the table was never analyzed. */
  private static long tableTuples(Connection connection, Snapshot snapshot, PlanNode scan)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT /* querylens */ c.reltuples FROM pg_catalog.pg_class c"
                + " WHERE c.oid = pg_catalog.to_regclass(?)")) {
      query.setString(1, IndexSql.qualified(scan.schema(), scan.relation()));
      try (ResultSet rows = query.executeQuery()) {
        if (rows.next() && rows.getDouble(1) > 0) {
          return (long) rows.getDouble(1);
        }
      }
    }
    for (TableStats table : snapshot.tables()) {
      if (table.schema().equals(scan.schema()) && table.name().equals(scan.relation())) {
        return table.liveTuples();
      }
    }
    return 0;
  }

  /** Relation names in the schema that start like the table's: the index name must be new. */
  private static Set<String> takenNames(Connection connection, String schema, String table)
      throws SQLException {
    Set<String> names = new HashSet<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT /* querylens */ c.relname FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND left(c.relname, ?) = ?")) {
      String prefix = table.length() > 20 ? table.substring(0, 20) : table;
      query.setString(1, schema);
      query.setInt(2, prefix.length());
      query.setString(3, prefix);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }

  /**
   * An existing valid plain btree that starts with the candidate's columns would serve it: the
   * planner chose the sequential scan anyway, so another index would not change its mind.
   */
  private static boolean alreadyIndexed(Snapshot snapshot, IndexCandidate candidate) {
    for (IndexStats index : snapshot.indexes()) {
      if (index.schema().equals(candidate.schema())
          && index.table().equals(candidate.table())
          && index.valid()
          && index.predicate() == null
          && index.expressions() == null
          && index.columns().size() >= candidate.columns().size()
          && index.columns().subList(0, candidate.columns().size()).equals(candidate.columns())) {
        return true;
      }
    }
    return false;
  }

  private Finding finding(
      Connection connection,
      Snapshot snapshot,
      HypoPg hypoPg,
      PlannedStatement statement,
      PlanNode plan,
      IndexCandidate candidate)
      throws SQLException {
    PlanNode scan = candidate.scan();
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put(statement.idKey(), statement.id());
    evidence.put("calls", statement.calls());
    evidence.put("total_ms", Math.round(statement.totalMillis() * 10) / 10.0);
    evidence.put("mean_ms", Math.round(statement.meanMillis() * 1000) / 1000.0);
    evidence.put("table_rows", tableTuples(connection, snapshot, scan));
    evidence.put("plan_node", scan.nodeType() + " on " + scan.schema() + "." + scan.relation());
    evidence.put("filter", scan.filter());
    evidence.put("plan_rows", Math.round(scan.planRows()));
    evidence.put("plan_cost", plan.totalCost());
    WriteLoad load = WriteLoad.of(snapshot, candidate.schema(), candidate.table());
    if (load != null) {
      evidence.put("table_writes", load.writes());
      evidence.put("table_reads", load.reads());
      evidence.put("table_indexes", load.indexes().size());
    }
    Risk risk = load == null ? Risk.MEDIUM : load.riskOfAddingAnIndex();
    String note;
    if (hypoPg.installed()) {
      HypoPg.Verdict verdict = verify(connection, hypoPg, statement, plan, candidate);
      evidence.put("verified", verdict != null && verdict.cheaper());
      if (verdict != null) {
        evidence.put("cost_with_index", verdict.costAfter());
      }
      note =
          verdict != null && verdict.cheaper()
              ? "HypoPG: the plan uses the hypothetical index and its cost falls from "
                  + verdict.costBefore()
                  + " to "
                  + verdict.costAfter()
                  + "."
              : "HypoPG: the plan would not use this index, or would not be cheaper; treat it as"
                  + " a guess.";
    } else {
      evidence.put("verified", false);
      note =
          "Unverified: read from the generic plan's sequential scan; HypoPG is "
              + (hypoPg.available() ? "available but not installed" : "not available")
              + ", so no hypothetical index checked the gain. Build it, then compare"
              + " the statement's mean time.";
    }
    if (risk == Risk.HIGH) {
      note +=
          " Risk high: the table "
              + (load.writeHeavy()
                  ? "is written more than it is read"
                  : "has " + load.indexes().size() + " indexes already")
              + ", and every insert and non-HOT update would write this index too.";
    }
    return new Finding(
        KIND,
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
        note);
  }

  /** HypoPG's verdict, or null when checking failed (the round goes on). */
  private static HypoPg.Verdict verify(
      Connection connection,
      HypoPg hypoPg,
      PlannedStatement statement,
      PlanNode plan,
      IndexCandidate candidate)
      throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try {
      HypoPg.Verdict verdict =
          hypoPg.verify(connection, statement.query(), candidate, plan.totalCost());
      connection.releaseSavepoint(savepoint);
      return verdict;
    } catch (SQLException | IllegalArgumentException e) {
      connection.rollback(savepoint);
      GenericPlan.deallocateIfPrepared(connection);
      return null;
    }
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

  /**
   * 15+: the round's index scans reach {@code pg_stat_user_indexes} when this session goes idle,
   * not up to a second later, so the next sample already holds them.
   */
  private static void forceStatisticsFlush(Connection connection, int version) {
    if (version < FORCED_FLUSH_VERSION) {
      return;
    }
    try {
      Savepoint savepoint = connection.setSavepoint();
      try (Statement sql = connection.createStatement()) {
        sql.execute("SELECT /* querylens */ pg_catalog.pg_stat_force_next_flush()");
        connection.releaseSavepoint(savepoint);
      } catch (SQLException notPermitted) {
        connection.rollback(savepoint);
      }
    } catch (SQLException ignored) {
      // Only timing depends on it: the ledger's flush margin covers the unforced flush.
    }
  }
}
