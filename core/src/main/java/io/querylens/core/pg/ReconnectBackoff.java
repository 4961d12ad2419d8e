package io.querylens.core.pg;

import java.time.Duration;
import java.time.Instant;

/**
 * After a failed connect, wait one interval, then two, four, ... up to {@code max}: a server that
 * is down for long is not knocked on every tick, one that restarts is back within a few ticks.
 */
final class ReconnectBackoff {

  private final Duration first;
  private final Duration max;
  private int failures;
  private Instant nextAttempt = Instant.MIN;

  ReconnectBackoff(Duration interval) {
    this.first = interval;
    Duration tenIntervals = interval.multipliedBy(10);
    Duration fiveMinutes = Duration.ofMinutes(5);
    this.max =
        tenIntervals.compareTo(fiveMinutes) < 0
            ? tenIntervals
            : (interval.compareTo(fiveMinutes) > 0 ? interval : fiveMinutes);
  }

  /** Whether a tick at {@code now} may try to connect (half an interval of slack for jitter). */
  boolean mayTry(Instant now) {
    return !now.plus(first.dividedBy(2)).isBefore(nextAttempt);
  }

  void failed(Instant now) {
    failures++;
    Duration delay = first;
    for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    nextAttempt = now.plus(delay.compareTo(max) > 0 ? max : delay);
  }

  void succeeded() {
    failures = 0;
    nextAttempt = Instant.MIN;
  }

  int failures() {
    return failures;
  }
}
