package io.querylens.core.stats;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the agent saw of one statement shape in this process: executions, errors, time, latency
 * distribution. Updated on application threads without locks or allocation.
 */
public final class ObservedStatement {

  private final String fingerprint;
  private final String summary;
  private final String sanitizedText;
  private final LongAdder calls = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();
  private final LatencyHistogram latencies = new LatencyHistogram();

  ObservedStatement(String fingerprint, String summary, String sanitizedText) {
    this.fingerprint = fingerprint;
    this.summary = summary;
    this.sanitizedText = sanitizedText;
  }

  public void record(long nanos, boolean failed) {
    calls.increment();
    totalNanos.add(nanos);
    latencies.record(nanos);
    if (failed) {
      errors.increment();
    }
  }

  public String fingerprint() {
    return fingerprint;
  }

  public String summary() {
    return summary;
  }

  public String sanitizedText() {
    return sanitizedText;
  }

  public long calls() {
    return calls.sum();
  }

  public long errors() {
    return errors.sum();
  }

  public long totalNanos() {
    return totalNanos.sum();
  }

  public long percentileNanos(double fraction) {
    return latencies.percentileNanos(fraction);
  }

  /** The latency distribution so far, to subtract an earlier copy from. */
  public LatencyCounts latencyCounts() {
    return latencies.counts();
  }
}
