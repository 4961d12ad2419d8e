package io.querylens.core.pg;

import java.time.Instant;

/**
 * Checkpoints and the background writer: {@code pg_stat_bgwriter} before 17, {@code
 * pg_stat_checkpointer} plus {@code pg_stat_bgwriter} from 17 on.
 *
 * @param buffersBackend null from 17 on, where PostgreSQL moved it to {@code pg_stat_io}
 * @param checkpointerReset the checkpointer's own reset time on 17+, else the bgwriter's
 */
public record BgWriterStats(
    long checkpointsTimed,
    long checkpointsRequested,
    double checkpointWriteMillis,
    double checkpointSyncMillis,
    long buffersCheckpoint,
    long buffersClean,
    long maxWrittenClean,
    Long buffersBackend,
    Long buffersBackendFsync,
    long buffersAllocated,
    Instant bgwriterReset,
    Instant checkpointerReset) {}
