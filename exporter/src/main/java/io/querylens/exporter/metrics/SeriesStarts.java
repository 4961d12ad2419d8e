package io.querylens.exporter.metrics;

import io.opentelemetry.api.common.Attributes;
import java.util.HashMap;
import java.util.Map;

/**
 * The start time of each cumulative series of one server. A counter's series starts at its stats
 * reset time ({@code stats_reset}), or the server's start when PostgreSQL has none. A series starts
 * anew, so that backends see a reset instead of a negative rate, when:
 *
 * <ul>
 *   <li>the reset time changed ({@code pg_stat_reset()} and friends): it starts at the new one;
 *   <li>the value went down without a dated reset (stats lost in a crash restart, a single table's
 *       counters reset, a statement evicted from pg_stat_statements): it starts at the previous
 *       sample, the latest time we know the old values still stood.
 * </ul>
 *
 * Only series seen in the latest snapshot are remembered, so memory follows the export limits.
 */
final class SeriesStarts {

  private record Key(PgMetric metric, Attributes attributes) {}

  private record State(long startNanos, long resetNanos, double last) {}

  private Map<Key, State> previous = new HashMap<>();
  private Map<Key, State> current = new HashMap<>();
  private long previousSampleNanos;
  private long sampleNanos;

  /** Begins the series of the snapshot sampled at {@code sampledAtNanos}. */
  void begin(long sampledAtNanos) {
    current = new HashMap<>(Math.max(16, previous.size() * 2));
    sampleNanos = sampledAtNanos;
  }

  /**
   * The start time of this point of the series.
   *
   * @param resetNanos the family's stats reset time, 0 when PostgreSQL reports none
   * @param serverStartNanos {@code pg_postmaster_start_time()}
   */
  long start(
      PgMetric metric,
      Attributes attributes,
      double value,
      long resetNanos,
      long serverStartNanos) {
    Key key = new Key(metric, attributes);
    State before = previous.get(key);
    long start;
    if (before == null) {
      start = resetNanos != 0 ? resetNanos : serverStartNanos;
    } else if (resetNanos != 0 && resetNanos != before.resetNanos()) {
      start = resetNanos;
    } else if (value < before.last()) {
      start = previousSampleNanos;
    } else {
      start = before.startNanos();
    }
    start = Math.min(start, sampleNanos);
    current.put(key, new State(start, resetNanos, value));
    return start;
  }

  /** Ends the snapshot: its series are what the next one compares with. */
  void end() {
    previous = current;
    current = new HashMap<>();
    previousSampleNanos = sampleNanos;
  }

  int remembered() {
    return previous.size();
  }
}
