package io.querylens.core.insight;

/**
 * What one statement shape cost over some stretch of time: a saved baseline's entry, a window of
 * the agent's own measurements, or {@code pg_stat_statements} now.
 *
 * @param fingerprint the shape's fingerprint (16 hex characters): unlike a {@code queryid}, the
 *     same across servers and major versions. A {@code pg_stat_statements} text ({@code $1}) and
 *     the application's ({@code ?}) are different shapes, so figures from the two sources do not
 *     mix
 * @param summary e.g. {@code SELECT orders}
 * @param query the sanitized text, or null
 * @param calls executions
 * @param totalMillis their summed time
 * @param p95Millis the 95th percentile when it is known (the agent's histograms), else null
 */
public record StatementFigures(
    String fingerprint,
    String summary,
    String query,
    long calls,
    double totalMillis,
    Double p95Millis) {

  public double meanMillis() {
    return calls == 0 ? 0 : totalMillis / calls;
  }

  /**
   * The executions after {@code earlier} was taken of the same cumulative counters; the p95 is
   * unknown (a percentile cannot be subtracted).
   */
  public StatementFigures since(StatementFigures earlier) {
    return new StatementFigures(
        fingerprint,
        summary,
        query,
        calls - earlier.calls,
        Math.max(0, totalMillis - earlier.totalMillis),
        null);
  }

  /** Two entries of one shape (two queryids with one fingerprint), summed; p95 unknown. */
  public StatementFigures plus(StatementFigures other) {
    return new StatementFigures(
        fingerprint, summary, query, calls + other.calls, totalMillis + other.totalMillis, null);
  }
}
