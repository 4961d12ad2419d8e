package io.querylens.core.insight;

import java.time.Duration;

/**
 * Every number the rules compare against. Defaults, and where each comes from, are in
 * docs/advisor.md's findings table.
 *
 * @param unusedIndexMinAge on PostgreSQL 16+, an index whose last scan is older than this counts as
 *     unused even if it was scanned once since the statistics reset
 * @param unusedIndexMinBytes smaller unused indexes are not worth a finding
 * @param cacheHitWarning database or table cache hit ratio below this is a warning
 * @param cacheHitCritical ... and below this critical
 * @param cacheMinBlocks fewer blocks read than this make no ratio worth judging
 * @param deadTupleWarning dead tuples as a share of all tuples, warning at this
 * @param deadTupleCritical ... critical at this
 * @param bloatMinTuples tables with fewer tuples are never bloated enough to matter
 * @param connectionsWarning connections as a share of max_connections
 * @param longTransaction a transaction open longer than this is reported
 * @param blockingLock a lock wait longer than this is reported
 */
public record Thresholds(
    Duration unusedIndexMinAge,
    long unusedIndexMinBytes,
    double cacheHitWarning,
    double cacheHitCritical,
    long cacheMinBlocks,
    double deadTupleWarning,
    double deadTupleCritical,
    long bloatMinTuples,
    double connectionsWarning,
    Duration longTransaction,
    Duration blockingLock) {

  public static Thresholds defaults() {
    return new Thresholds(
        Duration.ofDays(7),
        8 * 1024,
        0.99,
        0.90,
        1_000,
        0.20,
        0.50,
        1_000,
        0.80,
        Duration.ofMinutes(5),
        Duration.ofSeconds(5));
  }
}
