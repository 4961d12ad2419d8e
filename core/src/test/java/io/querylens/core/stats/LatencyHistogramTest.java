package io.querylens.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  @Test
  void everyDurationFallsInABucketWhoseUpperBoundIsAtMost25PercentAbove() {
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      long nanos = (long) Math.exp(random.nextDouble() * Math.log(3_600_000_000_000L));
      int bucket = LatencyHistogram.bucketOf(nanos);
      long upper = LatencyHistogram.upperBoundNanos(bucket);
      assertThat(upper).isGreaterThanOrEqualTo(nanos);
      assertThat((double) upper).isLessThanOrEqualTo(nanos * 1.25 + 1);
      if (bucket > 0) {
        assertThat(LatencyHistogram.upperBoundNanos(bucket - 1)).isLessThan(nanos);
      }
    }
  }

  @Test
  void percentilesComeBackWithinTheBucketPrecision() {
    LatencyHistogram histogram = new LatencyHistogram();
    for (int millis = 1; millis <= 100; millis++) {
      histogram.record(millis * 1_000_000L);
    }

    assertThat(histogram.percentileNanos(0.5)).isBetween(50_000_000L, 62_500_000L);
    assertThat(histogram.percentileNanos(0.95)).isBetween(95_000_000L, 118_750_000L);
    assertThat(new LatencyHistogram().percentileNanos(0.95)).isZero();
  }

  @Test
  void shapesPastTheLimitAreFoldedIntoOneEntryAndCounted() {
    ObservedStatements statements = new ObservedStatements(2);
    statements.entryFor("a", "SELECT a", "SELECT * FROM a").record(5_000_000, false);
    statements.entryFor("b", "SELECT b", "SELECT * FROM b").record(1_000_000, false);
    statements.entryFor("c", "SELECT c", "SELECT * FROM c").record(9_000_000, true);
    statements.entryFor("d", "SELECT d", "SELECT * FROM d").record(1_000_000, false);

    assertThat(statements.byTotalTime())
        .extracting(ObservedStatement::fingerprint)
        .containsExactly(ObservedStatements.OTHER, "a", "b");
    assertThat(statements.foldedShapes()).isEqualTo(2);
    assertThat(statements.byTotalTime().get(0).errors()).isEqualTo(1);
  }
}
