package io.querylens.exporter.metrics;

import static io.querylens.exporter.metrics.PgAttributes.*;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.querylens.core.pg.BgWriterStats;
import io.querylens.core.pg.ConnectionStats;
import io.querylens.core.pg.DatabaseStats;
import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.IoStats;
import io.querylens.core.pg.LockCount;
import io.querylens.core.pg.LockWait;
import io.querylens.core.pg.ReplicationStats;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.StatementStats;
import io.querylens.core.pg.StatsFamily;
import io.querylens.core.pg.TableStats;
import io.querylens.core.pg.WalStats;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.exporter.DatabaseObjectAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Turns one snapshot into metric points. Pure: everything comes from the snapshot. */
final class SnapshotMetrics {

  private SnapshotMetrics() {}

  static MetricPoints convert(
      Snapshot snapshot, SeriesStarts starts, DatabaseObjectAttributes names) {
    long sampledAt = MetricPoints.nanos(snapshot.sampledAt());
    Instant serverStart = snapshot.server().postmasterStart();
    MetricPoints points =
        new MetricPoints(
            starts, sampledAt, serverStart == null ? sampledAt : MetricPoints.nanos(serverStart));
    starts.begin(sampledAt);
    Attributes server =
        Attributes.of(
            SERVER_ADDRESS,
            snapshot.server().server().address(),
            SERVER_PORT,
            (long) snapshot.server().server().port());
    Attributes database = names.database(server.toBuilder(), snapshot.server().database()).build();
    Instant dbReset = snapshot.database() == null ? null : snapshot.database().statsReset();
    if (snapshot.database() != null) {
      database(points, server, database, snapshot.database());
    }
    if (snapshot.connections() != null) {
      connections(points, server, database, snapshot.connections());
    }
    for (TableStats table : snapshot.tables()) {
      table(
          points,
          snapshot.sampledAt(),
          names.table(database.toBuilder(), table.schema(), table.name()).build(),
          table,
          dbReset);
    }
    for (IndexStats index : snapshot.indexes()) {
      index(
          points,
          snapshot.sampledAt(),
          names.index(database.toBuilder(), index.schema(), index.table(), index.name()).build(),
          index,
          dbReset);
    }
    for (StatementStats statement : snapshot.statements()) {
      statement(points, database, statement, snapshot.statementsReset());
    }
    for (LockCount locks : snapshot.locks()) {
      locks(points, database, locks);
    }
    lockWaits(points, database, snapshot);
    if (snapshot.replication() != null) {
      replication(points, server, snapshot.replication());
    }
    if (snapshot.bgWriter() != null) {
      bgWriter(points, server, snapshot.bgWriter());
    }
    for (IoStats io : snapshot.io()) {
      io(points, server, io);
    }
    if (snapshot.wal() != null) {
      wal(points, server, snapshot.wal());
    }
    sampler(points, database, snapshot);
    starts.end();
    return points;
  }

  private static void database(
      MetricPoints points, Attributes server, Attributes db, DatabaseStats stats) {
    Instant reset = stats.statsReset();
    points.upDown(PgMetric.BACKENDS, db, stats.backends());
    points.counter(PgMetric.COMMITS, db, stats.commits(), reset);
    points.counter(PgMetric.ROLLBACKS, db, stats.rollbacks(), reset);
    points.counter(PgMetric.BLKS_HIT, db, stats.blocksHit(), reset);
    points.counter(PgMetric.BLKS_READ, db, stats.blocksRead(), reset);
    points.counter(PgMetric.TUP_RETURNED, db, stats.tuplesReturned(), reset);
    points.counter(PgMetric.TUP_FETCHED, db, stats.tuplesFetched(), reset);
    points.counter(PgMetric.TUP_INSERTED, db, stats.tuplesInserted(), reset);
    points.counter(PgMetric.TUP_UPDATED, db, stats.tuplesUpdated(), reset);
    points.counter(PgMetric.TUP_DELETED, db, stats.tuplesDeleted(), reset);
    points.counter(PgMetric.DEADLOCKS, db, stats.deadlocks(), reset);
    points.counter(PgMetric.TEMP_FILES, db, stats.tempFiles(), reset);
    points.counter(PgMetric.TEMP_IO, db, stats.tempBytes(), reset);
    points.counter(PgMetric.CONFLICTS, db, stats.conflicts(), reset);
    points.upDown(PgMetric.DB_SIZE, db, stats.sizeBytes());
    points.upDown(PgMetric.TABLE_COUNT, db, stats.tableCount());
    points.upDown(PgMetric.DATABASE_COUNT, server, stats.databaseCount());
  }

  private static void connections(
      MetricPoints points, Attributes server, Attributes db, ConnectionStats stats) {
    points.gauge(PgMetric.CONNECTION_MAX, server, stats.maxConnections());
    stats
        .byState()
        .forEach(
            (state, count) ->
                points.upDown(PgMetric.CONNECTION_COUNT, with(server, STATE, state), count));
    if (!stats.longestTransactions().isEmpty()) {
      points.gauge(
          PgMetric.OLDEST_TRANSACTION_AGE, db, stats.longestTransactions().get(0).ageSeconds());
    }
  }

  private static void table(
      MetricPoints points, Instant now, Attributes table, TableStats t, Instant reset) {
    points.counter(PgMetric.SEQUENTIAL_SCANS, table, t.seqScans(), reset);
    points.counter(PgMetric.SEQUENTIAL_SCAN_ROWS, table, t.seqTuplesRead(), reset);
    points.counter(PgMetric.TABLE_INDEX_SCANS, table, t.indexScans(), reset);
    points.counter(PgMetric.TABLE_INDEX_SCAN_ROWS, table, t.indexTuplesFetched(), reset);
    points.counter(PgMetric.OPERATIONS, with(table, OPERATION, "ins"), t.inserts(), reset);
    points.counter(PgMetric.OPERATIONS, with(table, OPERATION, "upd"), t.updates(), reset);
    points.counter(PgMetric.OPERATIONS, with(table, OPERATION, "del"), t.deletes(), reset);
    points.counter(PgMetric.OPERATIONS, with(table, OPERATION, "hot_upd"), t.hotUpdates(), reset);
    points.upDown(PgMetric.ROWS, with(table, STATE, "live"), t.liveTuples());
    points.upDown(PgMetric.ROWS, with(table, STATE, "dead"), t.deadTuples());
    points.counter(PgMetric.VACUUM_COUNT, table, t.vacuumCount(), reset);
    points.counter(PgMetric.AUTOVACUUM_COUNT, table, t.autovacuumCount(), reset);
    points.counter(PgMetric.ANALYZE_COUNT, table, t.analyzeCount(), reset);
    points.counter(PgMetric.AUTOANALYZE_COUNT, table, t.autoanalyzeCount(), reset);
    age(points, PgMetric.VACUUM_AGE, table, now, latest(t.lastVacuum(), t.lastAutovacuum()));
    age(points, PgMetric.ANALYZE_AGE, table, now, latest(t.lastAnalyze(), t.lastAutoanalyze()));
    points.upDown(PgMetric.TABLE_SIZE, table, t.heapBytes());
    points.upDown(PgMetric.TOAST_SIZE, table, t.toastBytes());
    points.upDown(PgMetric.TABLE_INDEXES_SIZE, table, t.indexBytes());
    blocks(points, table, "heap_read", t.heapBlocksRead(), reset);
    blocks(points, table, "heap_hit", t.heapBlocksHit(), reset);
    blocks(points, table, "idx_read", t.indexBlocksRead(), reset);
    blocks(points, table, "idx_hit", t.indexBlocksHit(), reset);
    blocks(points, table, "toast_read", t.toastBlocksRead(), reset);
    blocks(points, table, "toast_hit", t.toastBlocksHit(), reset);
    blocks(points, table, "tidx_read", t.toastIndexBlocksRead(), reset);
    blocks(points, table, "tidx_hit", t.toastIndexBlocksHit(), reset);
  }

  private static void blocks(
      MetricPoints points, Attributes table, String source, long value, Instant reset) {
    points.counter(PgMetric.BLOCKS_READ, with(table, SOURCE, source), value, reset);
  }

  private static void index(
      MetricPoints points, Instant now, Attributes index, IndexStats i, Instant reset) {
    points.counter(PgMetric.INDEX_SCANS, index, i.scans(), reset);
    points.gauge(PgMetric.INDEX_SIZE, index, i.sizeBytes());
    points.counter(PgMetric.INDEX_TUPLES_READ, index, i.tuplesRead(), reset);
    points.counter(PgMetric.INDEX_TUPLES_FETCHED, index, i.tuplesFetched(), reset);
    points.counter(
        PgMetric.INDEX_BLOCKS_READ, with(index, SOURCE, "idx_read"), i.blocksRead(), reset);
    points.counter(
        PgMetric.INDEX_BLOCKS_READ, with(index, SOURCE, "idx_hit"), i.blocksHit(), reset);
    age(points, PgMetric.INDEX_LAST_SCAN_AGE, index, now, i.lastScan());
  }

  /**
   * pg_stat_statements replaces constants with {@code $1} in plannable statements only: a utility
   * statement keeps its text as written ({@code COMMENT ON TABLE t IS 'ask alice@example.com'}), so
   * every text goes through our sanitizer before it leaves the process.
   */
  private static String sanitized(String query) {
    return query == null ? "" : SqlFingerprinter.shape(query).sanitizedText();
  }

  private static void statement(
      MetricPoints points, Attributes db, StatementStats s, Instant reset) {
    Attributes statement =
        db.toBuilder()
            .put(QUERY_ID, Long.toString(s.queryId()))
            .put(QUERY_TEXT, sanitized(s.query()))
            .build();
    points.counter(PgMetric.STATEMENT_CALLS, statement, s.calls(), reset);
    points.counter(PgMetric.STATEMENT_TIME, statement, s.totalMillis() / 1000.0, reset);
    points.gauge(PgMetric.STATEMENT_MEAN_TIME, statement, s.meanMillis() / 1000.0);
    points.counter(PgMetric.STATEMENT_ROWS, statement, s.rows(), reset);
    points.counter(
        PgMetric.STATEMENT_BLOCKS,
        with(statement, SOURCE, "shared_hit"),
        s.sharedBlocksHit(),
        reset);
    points.counter(
        PgMetric.STATEMENT_BLOCKS,
        with(statement, SOURCE, "shared_read"),
        s.sharedBlocksRead(),
        reset);
  }

  private static void locks(MetricPoints points, Attributes db, LockCount locks) {
    Attributes group =
        db.toBuilder()
            .put(RELATION, locks.relation() == null ? "" : locks.relation())
            .put(MODE, locks.mode() == null ? "" : locks.mode())
            .put(LOCK_TYPE, locks.lockType() == null ? "" : locks.lockType())
            .build();
    points.gauge(PgMetric.DATABASE_LOCKS, group, locks.locks());
  }

  /** Waits grouped by what they wait for: one series per relation, mode and lock type. */
  private static void lockWaits(MetricPoints points, Attributes db, Snapshot snapshot) {
    if (snapshot.skipped().contains(StatsFamily.LOCK_WAITS)) {
      return;
    }
    Map<Attributes, long[]> counts = new HashMap<>();
    Map<Attributes, double[]> longest = new HashMap<>();
    for (LockWait wait : snapshot.lockWaits()) {
      Attributes key =
          db.toBuilder()
              .put(RELATION, wait.relation() == null ? "" : wait.relation())
              .put(MODE, wait.mode() == null ? "" : wait.mode())
              .put(LOCK_TYPE, wait.lockType() == null ? "" : wait.lockType())
              .build();
      counts.computeIfAbsent(key, k -> new long[1])[0]++;
      double[] max = longest.computeIfAbsent(key, k -> new double[1]);
      max[0] = Math.max(max[0], wait.waitSeconds());
    }
    counts.forEach((key, count) -> points.gauge(PgMetric.LOCK_WAITS, key, count[0]));
    longest.forEach((key, max) -> points.gauge(PgMetric.LOCK_WAIT_DURATION, key, max[0]));
  }

  private static void replication(
      MetricPoints points, Attributes server, ReplicationStats replication) {
    if (replication.standby()) {
      if (replication.replayDelaySeconds() != null) {
        points.gauge(PgMetric.REPLAY_DELAY, server, replication.replayDelaySeconds());
      }
      return;
    }
    for (ReplicationStats.Standby standby : replication.standbys()) {
      Attributes client = with(server, REPLICATION_CLIENT, standby.clientAddress());
      points.gauge(PgMetric.REPLICATION_DATA_DELAY, client, standby.replayLagBytes());
      lag(points, client, "write", standby.writeLagSeconds());
      lag(points, client, "flush", standby.flushLagSeconds());
      lag(points, client, "replay", standby.replayLagSeconds());
    }
  }

  private static void lag(MetricPoints points, Attributes client, String operation, Double lag) {
    if (lag != null) {
      points.gauge(PgMetric.WAL_DELAY, with(client, OPERATION, operation), lag);
    }
  }

  private static void bgWriter(MetricPoints points, Attributes server, BgWriterStats b) {
    Instant bgwriter = b.bgwriterReset();
    Instant checkpointer = b.checkpointerReset();
    points.counter(PgMetric.BUFFERS_ALLOCATED, server, b.buffersAllocated(), bgwriter);
    points.counter(
        PgMetric.BUFFERS_WRITES,
        with(server, SOURCE, "checkpoints"),
        b.buffersCheckpoint(),
        checkpointer);
    points.counter(
        PgMetric.BUFFERS_WRITES, with(server, SOURCE, "bgwriter"), b.buffersClean(), bgwriter);
    if (b.buffersBackend() != null) {
      points.counter(
          PgMetric.BUFFERS_WRITES, with(server, SOURCE, "backend"), b.buffersBackend(), bgwriter);
    }
    if (b.buffersBackendFsync() != null) {
      points.counter(
          PgMetric.BUFFERS_WRITES,
          with(server, SOURCE, "backend_fsync"),
          b.buffersBackendFsync(),
          bgwriter);
    }
    points.counter(
        PgMetric.CHECKPOINTS, with(server, TYPE, "scheduled"), b.checkpointsTimed(), checkpointer);
    points.counter(
        PgMetric.CHECKPOINTS,
        with(server, TYPE, "requested"),
        b.checkpointsRequested(),
        checkpointer);
    points.counter(
        PgMetric.CHECKPOINT_DURATION,
        with(server, TYPE, "write"),
        b.checkpointWriteMillis(),
        checkpointer);
    points.counter(
        PgMetric.CHECKPOINT_DURATION,
        with(server, TYPE, "sync"),
        b.checkpointSyncMillis(),
        checkpointer);
    points.counter(PgMetric.MAXWRITTEN, server, b.maxWrittenClean(), bgwriter);
  }

  private static void io(MetricPoints points, Attributes server, IoStats io) {
    Attributes row =
        server.toBuilder()
            .put(IO_BACKEND_TYPE, io.backendType())
            .put(IO_OBJECT, io.object())
            .put(IO_CONTEXT, io.context())
            .build();
    Instant reset = io.statsReset();
    ioCount(points, row, "read", io.reads(), reset);
    ioCount(points, row, "write", io.writes(), reset);
    ioCount(points, row, "extend", io.extendOps(), reset);
    ioCount(points, row, "hit", io.hits(), reset);
    ioCount(points, row, "eviction", io.evictions(), reset);
    ioCount(points, row, "fsync", io.fsyncs(), reset);
    if (io.readMillis() != null) {
      points.counter(
          PgMetric.IO_TIME, with(row, OPERATION, "read"), io.readMillis() / 1000.0, reset);
    }
    if (io.writeMillis() != null) {
      points.counter(
          PgMetric.IO_TIME, with(row, OPERATION, "write"), io.writeMillis() / 1000.0, reset);
    }
  }

  private static void ioCount(
      MetricPoints points, Attributes row, String operation, Long value, Instant reset) {
    if (value != null) {
      points.counter(PgMetric.IO_OPERATIONS, with(row, OPERATION, operation), value, reset);
    }
  }

  private static void wal(MetricPoints points, Attributes server, WalStats wal) {
    points.counter(PgMetric.WAL_RECORDS, server, wal.records(), wal.statsReset());
    points.counter(PgMetric.WAL_FULL_PAGE_IMAGES, server, wal.fullPageImages(), wal.statsReset());
    points.counter(PgMetric.WAL_BYTES, server, wal.bytes(), wal.statsReset());
  }

  private static void sampler(MetricPoints points, Attributes db, Snapshot snapshot) {
    Duration took = snapshot.sampleDuration();
    points.gauge(PgMetric.SAMPLE_DURATION, db, took.toNanos() / 1e9);
    points.gauge(PgMetric.LEFT_OUT, with(db, KIND, "table"), snapshot.tablesLeftOut());
    points.gauge(PgMetric.LEFT_OUT, with(db, KIND, "index"), snapshot.indexesLeftOut());
    points.gauge(PgMetric.LEFT_OUT, with(db, KIND, "statement"), snapshot.statementsLeftOut());
    points.gauge(PgMetric.LEFT_OUT, with(db, KIND, "lock"), snapshot.locksLeftOut());
    for (StatsFamily family : snapshot.skipped()) {
      points.gauge(PgMetric.SKIPPED, with(db, FAMILY, family.source()), 1);
    }
  }

  private static void age(
      MetricPoints points, PgMetric metric, Attributes attributes, Instant now, Instant then) {
    if (then != null) {
      points.gauge(
          metric, attributes, Math.max(0, Duration.between(then, now).toMillis() / 1000.0));
    }
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static Attributes with(Attributes base, AttributeKey<String> key, String value) {
    return base.toBuilder().put(key, value == null ? "" : value).build();
  }
}
