package io.querylens.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyCountsTest {

  @Test
  void aLaterCopyMinusAnEarlierOneIsTheDistributionInBetween() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < 100; i++) {
      histogram.record(1_000_000);
    }
    LatencyCounts before = histogram.counts();
    for (int i = 0; i < 100; i++) {
      histogram.record(50_000_000);
    }

    LatencyCounts window = histogram.counts().minus(before);

    assertThat(window.total()).isEqualTo(100);
    assertThat(window.percentileNanos(0.05)).isBetween(50_000_000L, 62_500_000L);
    assertThat(histogram.counts().percentileNanos(0.5)).isBetween(1_000_000L, 1_250_000L);
  }

  @Test
  void anEmptyWindowHasNoPercentile() {
    LatencyHistogram histogram = new LatencyHistogram();
    histogram.record(5_000);

    LatencyCounts window = histogram.counts().minus(histogram.counts());

    assertThat(window.total()).isZero();
    assertThat(window.percentileNanos(0.95)).isZero();
  }
}
