package io.querylens.core.pg;

import java.time.Instant;

/**
 * One database's row of {@code pg_stat_database}, plus its size. Counters are since reset.
 *
 * @param tableCount user tables in this database, plain and partitioned, before filters
 * @param databaseCount databases on the server, templates aside
 */
public record DatabaseStats(
    String name,
    int backends,
    long commits,
    long rollbacks,
    long blocksRead,
    long blocksHit,
    long tuplesReturned,
    long tuplesFetched,
    long tuplesInserted,
    long tuplesUpdated,
    long tuplesDeleted,
    long conflicts,
    long tempFiles,
    long tempBytes,
    long deadlocks,
    long sizeBytes,
    Instant statsReset,
    int tableCount,
    int databaseCount) {}
