package io.querylens.core.pg;

import java.time.Instant;

/**
 * One row of {@code pg_stat_io} (PostgreSQL 16+). A null count means PostgreSQL does not track that
 * operation for that backend type, object and context.
 */
public record IoStats(
    String backendType,
    String object,
    String context,
    Long reads,
    Long writes,
    Long extendOps,
    Long hits,
    Long evictions,
    Long fsyncs,
    Double readMillis,
    Double writeMillis,
    Instant statsReset) {}
