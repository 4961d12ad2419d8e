package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.stats.ObservedStatements;
import java.time.Duration;
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
}
