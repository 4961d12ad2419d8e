package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.stats.ObservedStatements;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RegressionRuleTest {

  private static final Instant START = Instant.parse("2026-11-22T12:00:00Z");

  private final ObservedStatements observed = new ObservedStatements(100);
  private final RegressionRule rule =
      new RegressionRule(RegressionSettings.defaults(), Duration.ofMinutes(10));

  @Test
  void aShapeSlowerInTheLatestWindowThanInTheOneBeforeIsARegression() {
    rule.evaluate(observed, "shop", START);
    record("aaaa", 200, 2);
    record("bbbb", 200, 2);
    rule.evaluate(observed, "shop", START.plus(Duration.ofMinutes(10)));
    record("aaaa", 200, 20);
    record("bbbb", 200, 2);

    assertThat(rule.evaluate(observed, "shop", START.plus(Duration.ofMinutes(20))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("regression");
              assertThat(f.object().fingerprint()).isEqualTo("aaaa");
              assertThat(f.evidence()).containsEntry("regressed", "p95, mean");
              assertThat((Double) f.evidence().get("mean_now_ms")).isEqualTo(20.0);
              assertThat((Double) f.evidence().get("p95_now_ms")).isBetween(20.0, 25.0);
              assertThat(f.evidence()).containsEntry("calls_before", 200L);
              assertThat(f.evidence())
                  .containsEntry("compared_with", "the window before (10m each)");
            });
  }

  @Test
  void nothingIsJudgedUntilTwoWindowsHaveClosed() {
    rule.evaluate(observed, "shop", START);
    record("aaaa", 200, 20);

    assertThat(rule.evaluate(observed, "shop", START.plus(Duration.ofMinutes(10)))).isEmpty();
  }

  @Test
  void aWindowClosesOnlyOnceItsLengthHasPassedAndItsFindingsStayOpenUntilTheNext() {
    rule.evaluate(observed, "shop", START);
    record("aaaa", 200, 2);
    rule.evaluate(observed, "shop", START.plus(Duration.ofMinutes(10)));
    record("aaaa", 200, 20);
    rule.evaluate(observed, "shop", START.plus(Duration.ofMinutes(20)));
    record("aaaa", 200, 20);

    assertThat(rule.evaluate(observed, "shop", START.plus(Duration.ofMinutes(25))))
        .as("the 20-minute comparison, still open")
        .hasSize(1);
    assertThat(rule.evaluate(observed, "shop", START.plus(Duration.ofMinutes(30))))
        .as("as slow as the window before: no regression")
        .isEmpty();
  }

  private void record(String fingerprint, int calls, long millis) {
    for (int i = 0; i < calls; i++) {
      observed
          .entryFor(fingerprint, "SELECT t", "SELECT * FROM t WHERE a = ?")
          .record(millis * 1_000_000, false);
    }
  }
}
