package io.querylens.core.pg;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything one sample read from one database, immutable. A family that could not be read is in
 * {@link #skipped()}: its object is null and its lists are empty.
 *
 * @param sampleDuration wall time the sample took, queries included
 * @param tablesLeftOut tables that matched the filters but were beyond the export limit
 * @param statementsReset {@code pg_stat_statements_info.stats_reset} (14+), else null
 * @param locks locks on the database's relations, busiest groups first
 * @param locksLeftOut lock groups beyond {@link LockCountQuery#MAX_GROUPS}
 * @param io {@code pg_stat_io} rows, empty before PostgreSQL 16
 * @param wal {@code pg_stat_wal}, null before PostgreSQL 14
 * @param sessions the database's running, waiting and in-transaction sessions, lock waiters first
 *     ({@link ActiveSessionQuery}), at most {@link SamplerSettings#maxQuerySamples()}
 * @param sessionsLeftOut such sessions beyond that limit
 */
public record Snapshot(
    ServerIdentity server,
    Instant sampledAt,
    Duration sampleDuration,
    DatabaseStats database,
    ConnectionStats connections,
    List<TableStats> tables,
    int tablesLeftOut,
    List<IndexStats> indexes,
    int indexesLeftOut,
    List<StatementStats> statements,
    int statementsLeftOut,
    Instant statementsReset,
    List<LockWait> lockWaits,
    List<LockCount> locks,
    int locksLeftOut,
    ReplicationStats replication,
    BgWriterStats bgWriter,
    List<IoStats> io,
    WalStats wal,
    Set<StatsFamily> skipped,
    List<ActiveSession> sessions,
    int sessionsLeftOut) {

  /** A snapshot without sessions (sampled with no query samples, or built by a test). */
  public Snapshot(
      ServerIdentity server,
      Instant sampledAt,
      Duration sampleDuration,
      DatabaseStats database,
      ConnectionStats connections,
      List<TableStats> tables,
      int tablesLeftOut,
      List<IndexStats> indexes,
      int indexesLeftOut,
      List<StatementStats> statements,
      int statementsLeftOut,
      Instant statementsReset,
      List<LockWait> lockWaits,
      List<LockCount> locks,
      int locksLeftOut,
      ReplicationStats replication,
      BgWriterStats bgWriter,
      List<IoStats> io,
      WalStats wal,
      Set<StatsFamily> skipped) {
    this(
        server,
        sampledAt,
        sampleDuration,
        database,
        connections,
        tables,
        tablesLeftOut,
        indexes,
        indexesLeftOut,
        statements,
        statementsLeftOut,
        statementsReset,
        lockWaits,
        locks,
        locksLeftOut,
        replication,
        bgWriter,
        io,
        wal,
        skipped,
        List.of(),
        0);
  }

  public Snapshot {
    tables = List.copyOf(tables);
    indexes = List.copyOf(indexes);
    statements = List.copyOf(statements);
    lockWaits = List.copyOf(lockWaits);
    locks = List.copyOf(locks);
    io = List.copyOf(io);
    sessions = List.copyOf(sessions);
    skipped = skipped.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(skipped));
  }
}
