package io.querylens.core.insight;

import io.querylens.core.pg.StatementStats;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.sql.StatementShape;
import io.querylens.core.stats.ObservedStatement;
import io.querylens.core.stats.ObservedStatements;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statement shapes whose 95th percentile, as the application measured it (driver and network
 * included), is over a threshold. From the agent's own latencies, which pg_stat_statements cannot
 * see; the shapes with the most total time first.
 */
public final class SlowStatementRule {

  public static final String KIND = "slow_statement";

  private final Duration p95Threshold;
  private final long minCalls;

  /**
   * @param p95Threshold a shape whose p95 is over this is slow (default 500 ms)
   * @param minCalls fewer executions than this make no percentile worth judging (default 10)
   */
  public SlowStatementRule(Duration p95Threshold, long minCalls) {
    this.p95Threshold = p95Threshold;
    this.minCalls = minCalls;
  }

  public static SlowStatementRule defaults() {
    return new SlowStatementRule(Duration.ofMillis(500), 10);
  }

  public List<Finding> evaluate(ObservedStatements observed, String database) {
    List<Finding> findings = new ArrayList<>();
    long threshold = p95Threshold.toNanos();
    for (ObservedStatement statement : observed.byTotalTime()) {
      if (statement.fingerprint().equals(ObservedStatements.OTHER)
          || statement.calls() < minCalls) {
        continue;
      }
      long p95 = statement.percentileNanos(0.95);
      if (p95 <= threshold) {
        continue;
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("summary", statement.summary());
      evidence.put("query", statement.sanitizedText());
      evidence.put("calls", statement.calls());
      evidence.put("errors", statement.errors());
      evidence.put("total_ms", statement.totalNanos() / 1_000_000);
      evidence.put("mean_ms", Math.round(statement.totalNanos() / 1e4 / statement.calls()) / 100.0);
      evidence.put("p50_ms", millis(statement.percentileNanos(0.50)));
      evidence.put("p95_ms", millis(p95));
      evidence.put("p99_ms", millis(statement.percentileNanos(0.99)));
      evidence.put("p95_threshold_ms", p95Threshold.toMillis());
      findings.add(
          new Finding(
              KIND,
              p95 > 4 * threshold ? Severity.CRITICAL : Severity.WARNING,
              Risk.NONE,
              new FindingObject(database, null, null, null, statement.fingerprint()),
              evidence,
              null,
              null,
              "Percentiles as the application saw them, driver and network included; a"
                  + " missing_index finding for the same tables usually says why."));
    }
    return findings;
  }

  /**
   * Statements whose mean time in {@code pg_stat_statements} is over the same threshold: the
   * server's view, all clients together, and all the CLI has. The server keeps no percentiles, so
   * the mean stands in for the p95: with a latency tail, the mean is below the p95, so this is the
   * stricter bar and flags only statements that are slow on average. Named by the fingerprint of
   * their text, as baselines are.
   */
  public List<Finding> evaluate(List<StatementStats> serverStatements, String database) {
    List<Finding> findings = new ArrayList<>();
    double threshold = p95Threshold.toNanos() / 1e6;
    List<StatementStats> byTotal = new ArrayList<>(serverStatements);
    byTotal.sort(Comparator.comparingDouble(StatementStats::totalMillis).reversed());
    for (StatementStats statement : byTotal) {
      if (statement.calls() < minCalls
          || statement.meanMillis() <= threshold
          || statement.query() == null
          || statement.query().contains("/* querylens */")) {
        continue;
      }
      StatementShape shape = SqlFingerprinter.shape(statement.query());
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("summary", shape.summary());
      evidence.put("query", shape.sanitizedText());
      evidence.put("queryid", statement.queryId());
      evidence.put("calls", statement.calls());
      evidence.put("total_ms", Math.round(statement.totalMillis()));
      evidence.put("mean_ms", Math.round(statement.meanMillis() * 100) / 100.0);
      evidence.put("mean_threshold_ms", p95Threshold.toMillis());
      evidence.put("measured_by", "pg_stat_statements");
      findings.add(
          new Finding(
              KIND,
              statement.meanMillis() > 4 * threshold ? Severity.CRITICAL : Severity.WARNING,
              Risk.NONE,
              new FindingObject(database, null, null, null, shape.fingerprint().toHex()),
              evidence,
              null,
              null,
              "Mean time on the server, every client together, network not included; a"
                  + " missing_index finding for the same tables usually says why."));
    }
    return findings;
  }

  private static double millis(long nanos) {
    return Math.round(nanos / 1e4) / 100.0;
  }
}
