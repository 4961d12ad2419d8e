package io.querylens.core.insight;

import io.querylens.core.stats.LatencyCounts;
import io.querylens.core.stats.ObservedStatement;
import io.querylens.core.stats.ObservedStatements;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Regressions the running agent sees in its own latencies: time is cut into windows of a
 * configurable length, and each shape's p95 and mean in the window that just ended are compared
 * with the window before it. A window closes at the first evaluation after its length has passed
 * (evaluations follow the sampler's interval), and its findings stay open until the next one
 * closes.
 *
 * <p>Stateful, unlike the snapshot rules: it keeps, per shape, the counters at the current window's
 * start (bounded by {@link ObservedStatements}' shape limit) and the last two windows' figures.
 */
public final class RegressionRule {

  private final RegressionSettings settings;
  private final Duration window;
  private Instant windowStart;
  private Map<String, Counters> atWindowStart = Map.of();
  private Map<String, StatementFigures> previous;
  private List<StatementFigures> latest;

  public RegressionRule(RegressionSettings settings, Duration window) {
    this.settings = settings;
    this.window = window;
  }

  /**
   * The regressions between the last two closed windows, for {@code database}; empty until two
   * windows have closed.
   */
  public synchronized List<Finding> evaluate(
      ObservedStatements observed, String database, Instant now) {
    if (windowStart == null) {
      atWindowStart = counters(observed);
      windowStart = now;
      return List.of();
    }
    if (Duration.between(windowStart, now).compareTo(window) >= 0) {
      Map<String, Counters> atEnd = counters(observed);
      List<StatementFigures> closed = new ArrayList<>();
      for (Counters end : atEnd.values()) {
        closed.add(end.since(atWindowStart.get(end.statement.fingerprint())));
      }
      previous = latest == null ? null : byFingerprint(latest);
      latest = closed;
      atWindowStart = atEnd;
      windowStart = now;
    }
    if (previous == null) {
      return List.of();
    }
    return Regressions.find(
        previous, latest, settings, database, "the window before (" + text(window) + " each)");
  }

  /** {@code 10m}, {@code 30s}, {@code 500ms}: as the setting is written. */
  private static String text(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
  }

  private static Map<String, StatementFigures> byFingerprint(List<StatementFigures> figures) {
    Map<String, StatementFigures> map = new HashMap<>();
    for (StatementFigures shape : figures) {
      map.put(shape.fingerprint(), shape);
    }
    return map;
  }

  private static Map<String, Counters> counters(ObservedStatements observed) {
    Map<String, Counters> counters = new HashMap<>();
    for (ObservedStatement statement : observed.byTotalTime()) {
      if (!statement.fingerprint().equals(ObservedStatements.OTHER)) {
        counters.put(
            statement.fingerprint(),
            new Counters(
                statement, statement.calls(), statement.totalNanos(), statement.latencyCounts()));
      }
    }
    return counters;
  }

  /** One shape's cumulative counters at one moment. */
  private record Counters(
      ObservedStatement statement, long calls, long totalNanos, LatencyCounts latencies) {

    StatementFigures since(Counters start) {
      long calls = start == null ? this.calls : this.calls - start.calls;
      long nanos = start == null ? totalNanos : totalNanos - start.totalNanos;
      LatencyCounts window = start == null ? latencies : latencies.minus(start.latencies);
      return new StatementFigures(
          statement.fingerprint(),
          statement.summary(),
          statement.sanitizedText(),
          calls,
          nanos / 1e6,
          window.total() == 0 ? null : window.percentileNanos(0.95) / 1e6);
    }
  }
}
