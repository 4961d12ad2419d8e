package io.querylens.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistinctCounterTest {

  @Test
  void countsNothingBeforeItIsShownAnything() {
    assertThat(new DistinctCounter().estimate()).isZero();
  }

  @Test
  void aValueShownManyTimesCountsOnce() {
    DistinctCounter counter = new DistinctCounter();
    for (int i = 0; i < 1000; i++) {
      counter.add("3f2a9c0d11e4b7a8");
    }
    assertThat(counter.estimate()).isEqualTo(1);
  }

  @Test
  void aThousandDistinctValuesAreCountedWithinAHandful() {
    DistinctCounter counter = new DistinctCounter();
    for (int i = 0; i < 1000; i++) {
      counter.add(fingerprintLike(i));
    }
    assertThat(counter.estimate()).isBetween(995L, 1005L);
  }

  @Test
  void aMillionDistinctValuesAreCountedWithinOnePercentInAFixedBitmap() {
    DistinctCounter counter = new DistinctCounter();
    for (int i = 0; i < 1_000_000; i++) {
      counter.add(fingerprintLike(i));
    }
    assertThat((double) counter.estimate()).isCloseTo(1_000_000, within(10_000.0));
  }

  private static String fingerprintLike(long i) {
    return String.format("%016x", i * 0x9E3779B97F4A7C15L);
  }
}
