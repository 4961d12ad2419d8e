package io.querylens.it.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.Snapshot;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Taking snapshots in the sampler specifications. */
final class Sampling {

  static final Duration PATIENCE = Duration.ofSeconds(30);

  private Sampling() {}

  /** One snapshot, which must be there. */
  static Snapshot sample(Sampler sampler) {
    Optional<Snapshot> snapshot = sampler.sampleOnce();
    assertThat(snapshot).as("a snapshot from %s", sampler.server()).isPresent();
    return snapshot.get();
  }

  /**
   * Samples until the statistics PostgreSQL flushes asynchronously show what the test did, or
   * {@link #PATIENCE} runs out; the caller asserts on the last snapshot.
   */
  static Snapshot eventually(Sampler sampler, Predicate<Snapshot> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    Snapshot snapshot = sample(sampler);
    while (!safely(condition, snapshot) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      snapshot = sample(sampler);
    }
    return snapshot;
  }

  private static boolean safely(Predicate<Snapshot> condition, Snapshot snapshot) {
    try {
      return condition.test(snapshot);
    } catch (AssertionError | RuntimeException notYet) {
      return false;
    }
  }
}
