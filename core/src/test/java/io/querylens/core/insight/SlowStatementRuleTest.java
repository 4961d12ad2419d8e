package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.pg.StatementStats;
import io.querylens.core.stats.ObservedStatements;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlowStatementRuleTest {

  private final ObservedStatements observed = new ObservedStatements(100);
  private final SlowStatementRule rule = new SlowStatementRule(Duration.ofMillis(500), 10);

  @Test
  void aShapeWhoseP95IsOverTheThresholdIsSlow() {
    record("aaaa", 20, 700);
    record("bbbb", 20, 1);

    assertThat(rule.evaluate(observed, "shop"))
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.object().fingerprint()).isEqualTo("aaaa");
              assertThat(finding.severity()).isEqualTo(Severity.WARNING);
              assertThat((Double) finding.evidence().get("p95_ms")).isBetween(700.0, 875.0);
            });
  }

  @Test
  void fourTimesTheThresholdIsCritical() {
    record("aaaa", 20, 2500);

    assertThat(rule.evaluate(observed, "shop"))
        .singleElement()
        .extracting(Finding::severity)
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void tooFewExecutionsMakeNoPercentileWorthJudging() {
    record("aaaa", 9, 5000);

    assertThat(rule.evaluate(observed, "shop")).isEmpty();
  }

  private void record(String fingerprint, int calls, long millis) {
    for (int i = 0; i < calls; i++) {
      observed
          .entryFor(fingerprint, "SELECT t", "SELECT * FROM t WHERE a = ?")
          .record(millis * 1_000_000, false);
    }
  }

  @Test
  void withoutTheAgentPgStatStatementsMeansOverTheThresholdAreSlow() {
    List<StatementStats> server =
        List.of(
            new StatementStats(
                1, "SELECT * FROM orders WHERE status = $1", 40, 36_000, 900, 40, 0, 0),
            new StatementStats(
                2, "SELECT * FROM customers WHERE id = $1", 9_000, 900, 0.1, 9_000, 0, 0),
            new StatementStats(3, "SELECT pg_sleep($1)", 3, 9_000, 3_000, 3, 0, 0),
            new StatementStats(4, "SELECT /* querylens */ 1", 50, 50_000, 1_000, 50, 0, 0));

    List<Finding> findings =
        new SlowStatementRule(Duration.ofMillis(500), 10).evaluate(server, "shop");

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.evidence())
                  .containsEntry("queryid", 1L)
                  .containsEntry("mean_ms", 900.0)
                  .containsEntry("measured_by", "pg_stat_statements")
                  .containsEntry("query", "SELECT * FROM orders WHERE status = $1");
              assertThat(f.object().fingerprint()).matches("[0-9a-f]{16}");
            });
  }
}
