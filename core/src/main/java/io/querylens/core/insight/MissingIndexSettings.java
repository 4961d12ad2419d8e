package io.querylens.core.insight;

import java.time.Duration;

/**
 * What the missing-index advisor explains and when a sequential scan counts. Defaults and their
 * reasons are in docs/advisor.md's findings table.
 *
 * @param topStatements how many of the costliest statements (by total time) to explain
 * @param minTableTuples a sequential scan on a smaller table is cheap enough to keep
 * @param maxFractionReturned a filter keeping more than this share of the table's rows is served as
 *     well by a sequential scan as by an index
 * @param explainTimeout {@code statement_timeout} for each EXPLAIN
 * @param lockTimeout {@code lock_timeout} for each EXPLAIN (planning locks the statement's tables)
 * @param tableLevelMinSeqScans the table-level fallback's minimum number of sequential scans
 * @param minRowsFetched an index scan whose condition reaches fewer rows wastes too little for its
 *     residual filter to matter, whatever share the filter removes
 */
public record MissingIndexSettings(
    int topStatements,
    long minTableTuples,
    double maxFractionReturned,
    Duration explainTimeout,
    Duration lockTimeout,
    long tableLevelMinSeqScans,
    long minRowsFetched) {

  public static MissingIndexSettings defaults() {
    return new MissingIndexSettings(
        10, 10_000, 0.10, Duration.ofSeconds(2), Duration.ofMillis(500), 1_000, 100);
  }
}
