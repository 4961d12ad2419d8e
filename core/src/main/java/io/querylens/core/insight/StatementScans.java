package io.querylens.core.insight;

import io.querylens.core.pg.CatalogSnapshot;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.stats.ObservedStatements;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The scans in the generic plans of a few statements, with the size of each sequentially scanned
 * table: what a test budget on sequential scans reads. Planned as the missing-index round plans
 * ({@link GenericPlan}: PREPARE with NULL arguments, {@code force_generic_plan}, never ANALYZE) in
 * one read-only, time-limited transaction that is rolled back.
 */
public final class StatementScans {

  /**
   * One scan node of a plan.
   *
   * @param tableRows for a sequential scan, the rows the planner expects the whole table to hold
   *     (what the scan reads, whatever its filter keeps); -1 for other scans
   */
  public record Scan(
      String nodeType,
      String schema,
      String relation,
      String indexName,
      String filter,
      double planRows,
      double tableRows) {

    public boolean sequential() {
      return "Seq Scan".equals(nodeType);
    }

    /** As EXPLAIN prints it: {@code Seq Scan on public.orders (rows=100000) Filter: (id = $1)}. */
    public String line() {
      StringBuilder line = new StringBuilder(nodeType);
      if (relation != null) {
        line.append(" on ").append(schema == null ? "" : schema + ".").append(relation);
      }
      if (indexName != null) {
        line.append(" using ").append(indexName);
      }
      line.append(" (rows=").append(Math.round(sequential() ? tableRows : planRows)).append(')');
      if (filter != null) {
        line.append(" Filter: ").append(filter);
      }
      return line.toString();
    }
  }

  /**
   * An index the missing-index rules propose for the statement.
   *
   * @param planNode the wasteful scan: {@code Seq Scan on public.events}
   * @param action the {@code CREATE INDEX} the advisor recommends
   * @param verified whether HypoPG confirmed the planner would use it and be cheaper
   */
  public record MissingIndex(String planNode, String action, String note, boolean verified) {}

  /**
   * @param skippedBecause why the statement was not planned (not a read, or EXPLAIN failed), or
   *     null when it was
   * @param missingIndexes what the missing-index rules propose for it, when they were asked
   */
  public record Planned(
      String query, List<Scan> scans, String skippedBecause, List<MissingIndex> missingIndexes) {
    public Planned {
      scans = List.copyOf(scans);
      missingIndexes = List.copyOf(missingIndexes);
    }

    Planned(String query, List<Scan> scans, String skippedBecause) {
      this(query, scans, skippedBecause, List.of());
    }

    Planned withMissingIndexes(List<MissingIndex> found) {
      return new Planned(query, scans, skippedBecause, found);
    }
  }

  private StatementScans() {}

  /**
   * @param sanitizedTexts statements with {@code ?} where their values were
   * @throws SQLException only when the session itself fails
   */
  public static List<Planned> explain(
      Connection connection, List<String> sanitizedTexts, Duration timeout) throws SQLException {
    return ReadOnlyTransaction.run(
        connection,
        timeout,
        timeout,
        inside -> {
          List<Planned> planned = new ArrayList<>();
          for (String text : sanitizedTexts) {
            planned.add(planned(inside, text));
          }
          return planned;
        });
  }

  /**
   * Like {@link #explain(Connection, List, Duration)}, and then the advisor's missing-index round
   * ({@link MissingIndexAdvisor}) over the same statements and a {@link CatalogSnapshot} of the
   * connection's database: the indexes it proposes, by the statement they serve. At most {@link
   * MissingIndexSettings#topStatements()} statements are considered.
   */
  public static List<Planned> explainWithMissingIndexes(
      Connection connection, ServerKey server, List<String> sanitizedTexts, Duration timeout)
      throws SQLException {
    List<Planned> planned = new ArrayList<>(explain(connection, sanitizedTexts, timeout));
    Snapshot snapshot = CatalogSnapshot.read(connection, server);
    // The statements are keyed by their position: the findings' evidence names the key.
    ObservedStatements statements = new ObservedStatements(Math.max(10, sanitizedTexts.size() + 1));
    for (int i = 0; i < sanitizedTexts.size(); i++) {
      statements
          .entryFor(Integer.toString(i), "statement " + i, sanitizedTexts.get(i))
          .record(1, false);
    }
    MissingIndexReport round =
        new MissingIndexAdvisor(MissingIndexSettings.defaults())
            .evaluate(connection, snapshot, statements.byTotalTime());
    List<List<MissingIndex>> found = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      found.add(new ArrayList<>());
    }
    for (Finding finding : round.findings()) {
      Object key = finding.evidence().get("fingerprint");
      int position = key == null ? -1 : Integer.parseInt(key.toString());
      if (position >= 0 && position < found.size()) {
        found
            .get(position)
            .add(
                new MissingIndex(
                    String.valueOf(finding.evidence().get("plan_node")),
                    finding.action(),
                    finding.note(),
                    Boolean.TRUE.equals(finding.evidence().get("verified"))));
      }
    }
    for (int i = 0; i < planned.size(); i++) {
      planned.set(i, planned.get(i).withMissingIndexes(found.get(i)));
    }
    return planned;
  }

  private static Planned planned(Connection connection, String text) throws SQLException {
    if (!MissingIndexAdvisor.explainable(text)) {
      return new Planned(text, List.of(), "not a read the planner can explain without running it");
    }
    Savepoint savepoint = connection.setSavepoint();
    try {
      PlanNode root =
          PlanReader.read(
              GenericPlan.explain(connection, PlannedStatement.numberedParameters(text)));
      List<Scan> scans = new ArrayList<>();
      collect(connection, root, null, scans);
      connection.releaseSavepoint(savepoint);
      return new Planned(text, scans, null);
    } catch (SQLException | IllegalArgumentException cannotExplain) {
      connection.rollback(savepoint);
      GenericPlan.deallocateIfPrepared(connection);
      String message = String.valueOf(cannotExplain.getMessage());
      int line = message.indexOf('\n');
      return new Planned(text, List.of(), line < 0 ? message : message.substring(0, line));
    }
  }

  private static void collect(Connection connection, PlanNode node, String schema, List<Scan> scans)
      throws SQLException {
    String relationSchema = node.schema() != null ? node.schema() : schema;
    if (node.relation() != null || node.indexName() != null) {
      scans.add(
          new Scan(
              node.nodeType(),
              relationSchema,
              node.relation(),
              node.indexName(),
              node.filter(),
              node.planRows(),
              node.isSeqScan() ? tableRows(connection, relationSchema, node.relation()) : -1));
    }
    for (PlanNode child : node.children()) {
      collect(connection, child, relationSchema, scans);
    }
  }

  /**
   * The planner's estimate of the whole table, from its unfiltered scan: right after ANALYZE it is
   * the row count, and before any ANALYZE the planner still estimates it from the table's pages.
   */
  static double tableRows(Connection connection, String schema, String relation)
      throws SQLException {
    if (relation == null) {
      return -1;
    }
    String table = (schema == null ? "" : quoted(schema) + ".") + quoted(relation);
    try (java.sql.Statement sql = connection.createStatement();
        java.sql.ResultSet rows =
            sql.executeQuery("EXPLAIN (FORMAT JSON) SELECT /* querylens */ * FROM " + table)) {
      rows.next();
      return PlanReader.read(rows.getString(1)).planRows();
    }
  }

  private static String quoted(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
