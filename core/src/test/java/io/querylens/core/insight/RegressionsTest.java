package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegressionsTest {

  private final RegressionSettings settings = RegressionSettings.defaults();

  @Test
  void aMeanThatDoubledAndGrewByOverAMillisecondIsARegression() {
    List<Finding> found = find(figures("aaaa", 1_000, 2.0, null), figures("aaaa", 500, 4.5, null));

    assertThat(found)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("regression");
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.object().fingerprint()).isEqualTo("aaaa");
              assertThat(f.evidence())
                  .containsEntry("regressed", "mean")
                  .containsEntry("mean_before_ms", 2.0)
                  .containsEntry("mean_now_ms", 4.5)
                  .containsEntry("mean_ratio", 2.25)
                  .containsEntry("calls_now", 500L)
                  .containsEntry("compared_with", "the baseline");
            });
  }

  @Test
  void aP95ThatGrewByTheFactorIsARegressionEvenWhenTheMeanHeld() {
    List<Finding> found = find(figures("aaaa", 1_000, 2.0, 5.0), figures("aaaa", 1_000, 2.2, 12.0));

    assertThat(found)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.evidence())
                    .containsEntry("regressed", "p95")
                    .containsEntry("p95_before_ms", 5.0)
                    .containsEntry("p95_now_ms", 12.0));
  }

  @Test
  void anIncreaseBelowTheFactorOrTheMinimumAbsoluteIncreaseIsNoise() {
    assertThat(find(figures("aaaa", 1_000, 2.0, null), figures("aaaa", 1_000, 3.9, null)))
        .as("1.95 times")
        .isEmpty();
    assertThat(find(figures("aaaa", 1_000, 0.05, null), figures("aaaa", 1_000, 0.5, null)))
        .as("ten times, but 0.45 ms more")
        .isEmpty();
  }

  @Test
  void tooFewCallsOnEitherSideAreNotJudged() {
    assertThat(find(figures("aaaa", 99, 2.0, null), figures("aaaa", 1_000, 20.0, null))).isEmpty();
    assertThat(find(figures("aaaa", 1_000, 2.0, null), figures("aaaa", 99, 20.0, null))).isEmpty();
  }

  @Test
  void theFactorSquaredIsCriticalAndTheCostliestRegressionComesFirst() {
    Map<String, StatementFigures> before =
        Map.of(
            "aaaa", figures("aaaa", 1_000, 2.0, null), "bbbb", figures("bbbb", 1_000, 2.0, null));
    List<Finding> found =
        Regressions.find(
            before,
            List.of(figures("aaaa", 200, 10.0, null), figures("bbbb", 10_000, 4.5, null)),
            settings,
            "shop",
            "the baseline");

    assertThat(found).extracting(f -> f.object().fingerprint()).containsExactly("bbbb", "aaaa");
    assertThat(found)
        .extracting(Finding::severity)
        .containsExactly(Severity.WARNING, Severity.CRITICAL);
  }

  @Test
  void aShapeTheEarlierFiguresDoNotHaveIsNotARegression() {
    assertThat(
            Regressions.find(
                Map.of(), List.of(figures("aaaa", 1_000, 50.0, null)), settings, "shop", "x"))
        .isEmpty();
  }

  @Test
  void theFactorMustBeAboveOne() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new RegressionSettings(1.0, Duration.ofMillis(1), 100))
        .hasMessageContaining("above 1");
  }

  private List<Finding> find(StatementFigures before, StatementFigures now) {
    return Regressions.find(
        Map.of(before.fingerprint(), before), List.of(now), settings, "shop", "the baseline");
  }

  static StatementFigures figures(String fingerprint, long calls, double meanMillis, Double p95) {
    return new StatementFigures(
        fingerprint,
        "SELECT orders",
        "SELECT * FROM orders WHERE id = ?",
        calls,
        calls * meanMillis,
        p95);
  }
}
