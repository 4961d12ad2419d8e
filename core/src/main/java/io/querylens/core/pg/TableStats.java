package io.querylens.core.pg;

import java.time.Instant;

/**
 * One user table from {@code pg_stat_user_tables} and its block I/O ({@code pg_statio_*}). Counters
 * are since the database's stats reset; {@code last*} are null when it never happened; {@code
 * modificationsSinceAnalyze} counts rows changed since the table's statistics were last gathered.
 */
public record TableStats(
    String schema,
    String name,
    long seqScans,
    long seqTuplesRead,
    long indexScans,
    long indexTuplesFetched,
    long inserts,
    long updates,
    long deletes,
    long hotUpdates,
    long liveTuples,
    long deadTuples,
    Instant lastVacuum,
    Instant lastAutovacuum,
    Instant lastAnalyze,
    Instant lastAutoanalyze,
    long vacuumCount,
    long autovacuumCount,
    long analyzeCount,
    long autoanalyzeCount,
    long heapBytes,
    long toastBytes,
    long indexBytes,
    long heapBlocksRead,
    long heapBlocksHit,
    long indexBlocksRead,
    long indexBlocksHit,
    long toastBlocksRead,
    long toastBlocksHit,
    long toastIndexBlocksRead,
    long toastIndexBlocksHit,
    long modificationsSinceAnalyze) {}
