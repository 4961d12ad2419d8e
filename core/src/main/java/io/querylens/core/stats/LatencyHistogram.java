package io.querylens.core.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in fixed log-scale buckets, recorded without allocation, locks or floating point: every
 * doubling of nanoseconds is cut into four equal buckets, so a percentile read back (the bucket's
 * upper bound) is at most 25% above the true value, from 1 ns to about 9 hours. Good enough to rank
 * and to alert; exact figures come from the exported histogram.
 */
public final class LatencyHistogram {

  private static final int STEPS_PER_DOUBLING = 4;
  static final int BUCKETS = 45 * STEPS_PER_DOUBLING;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

  public void record(long nanos) {
    counts.incrementAndGet(bucketOf(nanos));
  }

  static int bucketOf(long nanos) {
    if (nanos < 4) {
      return (int) Math.max(0, nanos);
    }
    int log2 = 63 - Long.numberOfLeadingZeros(nanos);
    int quarter = (int) ((nanos >>> (log2 - 2)) & 0b11);
    return Math.min(log2 * STEPS_PER_DOUBLING + quarter, BUCKETS - 1);
  }

  /** The largest duration bucket {@code bucket} holds, in nanoseconds. */
  static long upperBoundNanos(int bucket) {
    if (bucket < 4) {
      return bucket;
    }
    int log2 = bucket / STEPS_PER_DOUBLING;
    int quarter = bucket % STEPS_PER_DOUBLING;
    return (1L << log2) + ((long) (quarter + 1) << (log2 - 2)) - 1;
  }

  /** The duration under which {@code fraction} of the recorded values lie; 0 when empty. */
  public long percentileNanos(double fraction) {
    return counts().percentileNanos(fraction);
  }

  /** A copy of the counts so far; recording goes on meanwhile. */
  public LatencyCounts counts() {
    long[] snapshot = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      snapshot[i] = counts.get(i);
    }
    return LatencyCounts.of(snapshot);
  }
}
