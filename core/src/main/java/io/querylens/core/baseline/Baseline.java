package io.querylens.core.baseline;

import io.querylens.core.insight.StatementFigures;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.StatementStats;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.sql.StatementShape;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per statement shape, what the workload cost at one moment: the figures {@code baseline compare}
 * later holds the workload against. Shapes are keyed by the fingerprint of {@code
 * pg_stat_statements}' text, so a baseline still matches after a major-version upgrade or on
 * another server, where {@code queryid}s differ.
 *
 * @param server {@code host:port} of the sampled server
 * @param statsReset {@code pg_stat_statements_info.stats_reset} (14+), else null: the same value
 *     later means the counters went on from these, so the executions since can be told apart
 * @param source where the figures come from, {@code pg_stat_statements}
 */
public record Baseline(
    Instant savedAt,
    String server,
    String database,
    String serverVersion,
    Instant statsReset,
    String source,
    List<StatementFigures> statements) {

  public static final String PG_STAT_STATEMENTS = "pg_stat_statements";

  public Baseline {
    statements = List.copyOf(statements);
  }

  /** The statements of {@code snapshot}, one entry per shape (queryids of one shape summed). */
  public static Baseline of(Snapshot snapshot) {
    return new Baseline(
        snapshot.sampledAt(),
        snapshot.server().server().toString(),
        snapshot.server().database(),
        snapshot.server().version(),
        snapshot.statementsReset(),
        PG_STAT_STATEMENTS,
        shapes(snapshot.statements()));
  }

  /**
   * {@code pg_stat_statements} rows as shapes. Texts hidden from the role ({@code <insufficient
   * privilege>}) are left out: they would all look like one shape.
   */
  public static List<StatementFigures> shapes(List<StatementStats> statements) {
    Map<String, StatementFigures> byFingerprint = new LinkedHashMap<>();
    for (StatementStats statement : statements) {
      String query = statement.query();
      if (query == null || query.startsWith("<insufficient privilege>")) {
        continue;
      }
      StatementShape shape = SqlFingerprinter.shape(query);
      StatementFigures figures =
          new StatementFigures(
              shape.fingerprint().toHex(),
              shape.summary(),
              shape.sanitizedText(),
              statement.calls(),
              statement.totalMillis(),
              null);
      byFingerprint.merge(figures.fingerprint(), figures, StatementFigures::plus);
    }
    return new ArrayList<>(byFingerprint.values());
  }

  /** The statements by fingerprint. */
  public Map<String, StatementFigures> byFingerprint() {
    Map<String, StatementFigures> map = new LinkedHashMap<>();
    for (StatementFigures statement : statements) {
      map.merge(statement.fingerprint(), statement, StatementFigures::plus);
    }
    return map;
  }
}
