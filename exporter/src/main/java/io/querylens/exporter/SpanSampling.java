package io.querylens.exporter;

import java.time.Duration;

/**
 * Which executions become spans: every failed one, every one slower than {@link #alwaysSlowerThan},
 * and otherwise up to {@link #perShapePerSecond} of each statement shape a second. The duration
 * histogram counts every execution whatever this says.
 */
public final class SpanSampling {

  /** Every execution a span. */
  public static final SpanSampling EVERY_EXECUTION = new SpanSampling(0, Duration.ZERO);

  private final int perShapePerSecond;
  private final long alwaysSlowerThanNanos;

  /**
   * @param perShapePerSecond spans of one shape a second; 0 means no limit
   * @param alwaysSlowerThan an execution at least this slow always gets its span, its shape's
   *     budget spent or not: the outliers are the traces worth having
   */
  public SpanSampling(int perShapePerSecond, Duration alwaysSlowerThan) {
    if (perShapePerSecond < 0) {
      throw new IllegalArgumentException("perShapePerSecond must be 0 or more");
    }
    this.perShapePerSecond = perShapePerSecond;
    this.alwaysSlowerThanNanos = alwaysSlowerThan.toNanos();
  }

  public int perShapePerSecond() {
    return perShapePerSecond;
  }

  /** Whether an execution of {@code durationNanos} gets its span whatever its shape's budget. */
  boolean alwaysKept(long durationNanos) {
    return perShapePerSecond == 0 || durationNanos >= alwaysSlowerThanNanos;
  }
}
