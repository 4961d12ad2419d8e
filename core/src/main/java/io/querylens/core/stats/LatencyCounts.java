package io.querylens.core.stats;

import java.util.Arrays;

/**
 * A copy of a {@link LatencyHistogram}'s bucket counts at one moment, kept compact (only the range
 * of buckets that hold anything), so that the executions between two copies can be told apart from
 * those before: {@code now.minus(before)} is the distribution of one window.
 */
public final class LatencyCounts {

  static final LatencyCounts EMPTY = new LatencyCounts(0, new long[0]);

  private final int firstBucket;
  private final long[] counts;

  private LatencyCounts(int firstBucket, long[] counts) {
    this.firstBucket = firstBucket;
    this.counts = counts;
  }

  /** From a full array of bucket counts, keeping the range from the first to the last non-zero. */
  static LatencyCounts of(long[] buckets) {
    int first = 0;
    while (first < buckets.length && buckets[first] == 0) {
      first++;
    }
    if (first == buckets.length) {
      return EMPTY;
    }
    int last = buckets.length - 1;
    while (buckets[last] == 0) {
      last--;
    }
    return new LatencyCounts(first, Arrays.copyOfRange(buckets, first, last + 1));
  }

  public long total() {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    return total;
  }

  /** What was recorded after {@code earlier} was copied (counts only grow). */
  public LatencyCounts minus(LatencyCounts earlier) {
    long[] buckets = new long[LatencyHistogram.BUCKETS];
    for (int i = 0; i < counts.length; i++) {
      buckets[firstBucket + i] = counts[i];
    }
    for (int i = 0; i < earlier.counts.length; i++) {
      int bucket = earlier.firstBucket + i;
      buckets[bucket] = Math.max(0, buckets[bucket] - earlier.counts[i]);
    }
    return of(buckets);
  }

  /** The duration under which {@code fraction} of the counted values lie; 0 when empty. */
  public long percentileNanos(double fraction) {
    long total = total();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(fraction * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return LatencyHistogram.upperBoundNanos(firstBucket + i);
      }
    }
    return LatencyHistogram.upperBoundNanos(firstBucket + counts.length - 1);
  }
}
