package io.querylens.core.pg;

/**
 * One normalized statement from {@code pg_stat_statements} in the sampled database, summed over the
 * roles that ran it.
 *
 * @param query the normalized text ({@code $1} for constants); {@code <insufficient privilege>}
 *     when the role lacks pg_monitor
 */
public record StatementStats(
    long queryId,
    String query,
    long calls,
    double totalMillis,
    double meanMillis,
    long rows,
    long sharedBlocksHit,
    long sharedBlocksRead) {}
