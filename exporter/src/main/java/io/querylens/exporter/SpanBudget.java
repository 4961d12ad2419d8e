package io.querylens.exporter;

/**
 * How many spans one statement shape may still export in the current second. A shape run 40,000
 * times a second does not need 40,000 identical traces a second, and exporting them costs the
 * application's CPU; its duration histogram still counts every execution.
 *
 * <p>Plain fields without synchronization: the recording thread is almost always the only writer,
 * and when an application thread records in its place (the queue was full) a lost update lets one
 * span more or less through, which a budget can afford.
 */
final class SpanBudget {

  private static final long SECOND_NANOS = 1_000_000_000L;

  private long windowStartNanos = Long.MIN_VALUE;
  private int spent;

  /**
   * @param perSecond the shape's spans per second; 0 means no limit
   * @return whether a span ending at {@code nanos} may be exported
   */
  boolean take(long nanos, int perSecond) {
    if (perSecond <= 0) {
      return true;
    }
    if (windowStartNanos == Long.MIN_VALUE || nanos - windowStartNanos >= SECOND_NANOS) {
      windowStartNanos = nanos;
      spent = 0;
    }
    if (spent < perSecond) {
      spent++;
      return true;
    }
    return false;
  }
}
