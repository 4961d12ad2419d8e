package io.querylens.core.stats;

import java.util.ArrayList;
import java.util.List;
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

  /** Databases a shape is said to run on at most: more are rare, and counted. */
  static final int MAX_DATABASES = 4;

  /** The databases it ran on, in the order first seen; copied on write. */
  private volatile List<String> databases = List.of();

  private volatile boolean moreDatabases;

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

  /**
   * The shape ran on a connection to {@code database} (null when not known). Called once per
   * connection facts and shape, when their attributes are built, not per execution.
   */
  public void ranOn(String database) {
    if (database == null) {
      return;
    }
    List<String> known = databases;
    if (known.contains(database)) {
      return;
    }
    synchronized (this) {
      known = databases;
      if (known.contains(database)) {
        return;
      }
      if (known.size() >= MAX_DATABASES) {
        moreDatabases = true;
        return;
      }
      List<String> more = new ArrayList<>(known);
      more.add(database);
      databases = List.copyOf(more);
    }
  }

  /** The databases it ran on (a schema-per-tenant's one), first seen first; empty when unknown. */
  public List<String> databases() {
    return databases;
  }

  /** Whether it ran on more databases than {@link #databases()} names. */
  public boolean ranOnMoreDatabases() {
    return moreDatabases;
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
