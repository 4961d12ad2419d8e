package io.querylens.core.insight;

import java.time.Duration;

/**
 * When a statement shape has regressed. Defaults and why are in docs/advisor.md.
 *
 * @param factor the p95 or the mean must be at least this many times what it was (2.0)
 * @param minIncrease ... and at least this much higher (1 ms): a 0.05 ms lookup that takes 0.12 ms
 *     after a cache was cold is not worth a finding
 * @param minCalls both stretches compared need at least this many executions (100), so one slow
 *     outlier cannot move a mean or a p95 (with 100 calls, the p95 is the 5th slowest)
 */
public record RegressionSettings(double factor, Duration minIncrease, long minCalls) {

  public static final double DEFAULT_FACTOR = 2.0;
  public static final Duration DEFAULT_MIN_INCREASE = Duration.ofMillis(1);
  public static final long DEFAULT_MIN_CALLS = 100;

  public RegressionSettings {
    if (!(factor > 1.0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("the regression factor must be above 1, not " + factor);
    }
    if (minIncrease.isNegative() || minCalls < 1) {
      throw new IllegalArgumentException("minimum increase and calls must be positive");
    }
  }

  public static RegressionSettings defaults() {
    return new RegressionSettings(DEFAULT_FACTOR, DEFAULT_MIN_INCREASE, DEFAULT_MIN_CALLS);
  }

  double minIncreaseMillis() {
    return minIncrease.toNanos() / 1e6;
  }
}
