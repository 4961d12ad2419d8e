package io.querylens.it.support;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What an {@link OtlpReceiver} accepted, kept in arrival order. Thread-safe: the transports add
 * from their own threads while a test reads and waits. Bounded per signal (oldest dropped first,
 * and counted) so a long load test cannot exhaust the test JVM's heap.
 */
final class ReceivedTelemetry {

  /** How many resource entries each signal keeps; a test that needs more is doing a benchmark. */
  static final int CAPACITY_PER_SIGNAL = 20_000;

  private static final int LISTED_IN_FAILURES = 40;

  private final Object lock = new Object();
  private final ArrayDeque<ResourceSpans> resourceSpans = new ArrayDeque<>();
  private final ArrayDeque<ResourceMetrics> resourceMetrics = new ArrayDeque<>();
  private final ArrayDeque<ResourceLogs> resourceLogs = new ArrayDeque<>();
  private long dropped;
  private long spansReceived;
  private boolean keepSpans = true;

  void addSpans(List<ResourceSpans> entries) {
    synchronized (lock) {
      for (ResourceSpans resource : entries) {
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          spansReceived += scope.getSpansCount();
        }
      }
      if (!keepSpans) {
        lock.notifyAll();
        return;
      }
    }
    add(resourceSpans, entries);
  }

  /** Every span received since the last {@link #clear()}, kept or not. */
  long spansReceived() {
    synchronized (lock) {
      return spansReceived;
    }
  }

  /** Counts later spans without keeping them: a load test's million spans would fill the heap. */
  void keepSpans(boolean keep) {
    synchronized (lock) {
      keepSpans = keep;
    }
  }

  void addMetrics(List<ResourceMetrics> entries) {
    add(resourceMetrics, entries);
  }

  void addLogs(List<ResourceLogs> entries) {
    add(resourceLogs, entries);
  }

  private <T> void add(ArrayDeque<T> queue, List<T> entries) {
    synchronized (lock) {
      for (T entry : entries) {
        if (queue.size() == CAPACITY_PER_SIGNAL) {
          queue.removeFirst();
          dropped++;
        }
        queue.addLast(entry);
      }
      lock.notifyAll();
    }
  }

  List<ResourceSpans> resourceSpans() {
    synchronized (lock) {
      return List.copyOf(resourceSpans);
    }
  }

  List<ResourceMetrics> resourceMetrics() {
    synchronized (lock) {
      return List.copyOf(resourceMetrics);
    }
  }

  List<ResourceLogs> resourceLogs() {
    synchronized (lock) {
      return List.copyOf(resourceLogs);
    }
  }

  List<Span> spans() {
    List<Span> spans = new ArrayList<>();
    for (ResourceSpans resource : resourceSpans()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        spans.addAll(scope.getSpansList());
      }
    }
    return spans;
  }

  List<Metric> metrics() {
    List<Metric> metrics = new ArrayList<>();
    for (ResourceMetrics resource : resourceMetrics()) {
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        metrics.addAll(scope.getMetricsList());
      }
    }
    return metrics;
  }

  List<LogRecord> logRecords() {
    List<LogRecord> records = new ArrayList<>();
    for (ResourceLogs resource : resourceLogs()) {
      for (ScopeLogs scope : resource.getScopeLogsList()) {
        records.addAll(scope.getLogRecordsList());
      }
    }
    return records;
  }

  /** The resource of the entry that carried {@code span} (compared by identity, then by value). */
  Resource resourceOf(Span span) {
    Resource byValue = null;
    for (ResourceSpans resource : resourceSpans()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span candidate : scope.getSpansList()) {
          if (candidate == span) {
            return resource.getResource();
          }
          if (byValue == null && candidate.equals(span)) {
            byValue = resource.getResource();
          }
        }
      }
    }
    if (byValue == null) {
      throw new AssertionError("the receiver holds no span " + span.getName());
    }
    return byValue;
  }

  long dropped() {
    synchronized (lock) {
      return dropped;
    }
  }

  void clear() {
    synchronized (lock) {
      spansReceived = 0;
      keepSpans = true;
      resourceSpans.clear();
      resourceMetrics.clear();
      resourceLogs.clear();
      dropped = 0;
    }
  }

  /**
   * Waits until {@code received} holds at least {@code count} items matching {@code matching} and
   * returns the matches; fails listing what did arrive, so a test failure explains itself.
   */
  <T> List<T> await(
      String what,
      Supplier<List<T>> received,
      Predicate<? super T> matching,
      int count,
      Duration timeout,
      Function<? super T, String> describe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<T> all;
    List<T> matches;
    synchronized (lock) {
      while (true) {
        all = received.get();
        matches = new ArrayList<>();
        for (T item : all) {
          if (matching.test(item)) {
            matches.add(item);
          }
        }
        long remaining = deadline - System.nanoTime();
        if (matches.size() >= count || remaining <= 0) {
          break;
        }
        try {
          // Woken by every arrival; the bound only guards against a missed notification.
          lock.wait(Math.max(1, Math.min(remaining / 1_000_000, 200)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for " + what, e);
        }
      }
    }
    if (matches.size() >= count) {
      return matches;
    }
    throw new AssertionError(failure(what, count, timeout, matches.size(), all, describe));
  }

  private <T> String failure(
      String what,
      int count,
      Duration timeout,
      int matched,
      List<T> all,
      Function<? super T, String> describe) {
    StringBuilder message = new StringBuilder();
    message
        .append("expected at least ")
        .append(count)
        .append(" matching ")
        .append(what)
        .append(" within ")
        .append(timeout)
        .append(" but ")
        .append(matched)
        .append(" matched; received ")
        .append(all.size())
        .append(" ")
        .append(what);
    long droppedSoFar = dropped();
    if (droppedSoFar > 0) {
      message.append(" (").append(droppedSoFar).append(" older entries dropped)");
    }
    message.append(all.isEmpty() ? "" : ":");
    int shown = 0;
    for (T item : all) {
      if (shown++ == LISTED_IN_FAILURES) {
        message.append("\n  ... and ").append(all.size() - LISTED_IN_FAILURES).append(" more");
        break;
      }
      message.append("\n  ").append(describe.apply(item));
    }
    return message.toString();
  }
}
