package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reads every statistics family of one database into a {@link Snapshot}, over the session the
 * {@link Sampler} holds: each family guarded on its own ({@link FamilyGuard}: a denied or failing
 * family is left out and told once), locked relations read with approximate sizes ({@link
 * LockFallback}), families a version lacks skipped.
 */
final class SnapshotReader {

  private final ServerKey server;
  private final SamplerSettings settings;
  private final SamplerLog log;
  private final RelationFilter filter;
  private final StatementQuery statementQuery = new StatementQuery();
  private final FamilyGuard guard;
  private final LockFallback fallback;
  private String where;
  private boolean visibilityNoted;

  SnapshotReader(ServerKey server, SamplerSettings settings, SamplerLog log) {
    this.server = server;
    this.settings = settings;
    this.log = log;
    this.filter = new RelationFilter(settings);
    this.where = "QueryLens sampler for " + server;
    this.guard = new FamilyGuard(log, where);
    this.fallback = new LockFallback(log);
  }

  /** "QueryLens sampler for host:port/database", for log lines (the database once known). */
  String where() {
    return where;
  }

  /** A new session: per-session state (the guard's, pg_stat_statements' deltas) starts over. */
  void newSession() {
    guard.newSession();
    statementQuery.newSession();
  }

  /** One snapshot of every family, read on {@code c} as {@code sessionRole}. */
  Snapshot read(Connection c, String sessionRole, Instant now) throws SQLException {
    long started = System.nanoTime();
    ServerIdentity identity = SamplingSession.identify(c, server);
    String database = identity.database();
    if (!where.endsWith("/" + database)) {
      where = "QueryLens sampler for " + server + "/" + database;
      guard.describe(where);
    }
    noteVisibility(identity, sessionRole);
    guard.startRun();
    int version = identity.versionNumber();
    DatabaseStats db =
        guard.read(StatsFamily.DATABASE, c, sessionRole, () -> DatabaseQuery.read(c));
    ConnectionStats connections =
        guard.read(StatsFamily.CONNECTIONS, c, sessionRole, () -> ConnectionQuery.read(c));
    Bounded<TableStats> tables =
        guard.read(
            StatsFamily.TABLES,
            c,
            sessionRole,
            () ->
                fallback.read(
                    StatsFamily.TABLES,
                    where,
                    exact -> TableQuery.read(c, settings, filter, exact)));
    Bounded<IndexStats> indexes =
        guard.read(
            StatsFamily.INDEXES,
            c,
            sessionRole,
            () ->
                fallback.read(
                    StatsFamily.INDEXES,
                    where,
                    exact -> IndexQuery.read(c, settings, filter, version, exact)));
    StatementQuery.Top statements =
        settings.topStatements() == 0
            ? null
            : guard.read(
                StatsFamily.STATEMENTS,
                c,
                sessionRole,
                () -> statementQuery.read(c, settings.topStatements()));
    List<LockWait> waits =
        guard.read(StatsFamily.LOCK_WAITS, c, sessionRole, () -> LockWaitQuery.read(c, version));
    Bounded<LockCount> locks =
        guard.read(StatsFamily.LOCKS, c, sessionRole, () -> LockCountQuery.read(c, filter));
    ReplicationStats replication =
        guard.read(
            StatsFamily.REPLICATION,
            c,
            sessionRole,
            () -> ReplicationQuery.read(c, identity.standby()));
    BgWriterStats bgWriter =
        guard.read(StatsFamily.BGWRITER, c, sessionRole, () -> BgWriterQuery.read(c, version));
    List<IoStats> io =
        version < IoQuery.FIRST_VERSION
            ? List.of()
            : guard.read(StatsFamily.IO, c, sessionRole, () -> IoQuery.read(c));
    WalStats wal =
        version < WalQuery.FIRST_VERSION
            ? null
            : guard.read(StatsFamily.WAL, c, sessionRole, () -> WalQuery.read(c));
    Bounded<ActiveSession> sessions =
        settings.maxQuerySamples() == 0
            ? null
            : guard.read(
                StatsFamily.SESSIONS,
                c,
                sessionRole,
                () -> ActiveSessionQuery.read(c, version, settings.maxQuerySamples()));
    return new Snapshot(
        identity,
        now,
        Duration.ofNanos(System.nanoTime() - started),
        db,
        connections,
        tables == null ? List.of() : tables.kept(),
        tables == null ? 0 : tables.leftOut(),
        indexes == null ? List.of() : indexes.kept(),
        indexes == null ? 0 : indexes.leftOut(),
        statements == null ? List.of() : statements.statements().kept(),
        statements == null ? 0 : statements.statements().leftOut(),
        statements == null ? null : statements.statsReset(),
        waits == null ? List.of() : waits,
        locks == null ? List.of() : locks.kept(),
        locks == null ? 0 : locks.leftOut(),
        replication,
        bgWriter,
        io == null ? List.of() : io,
        wal,
        guard.skippedThisRun(),
        sessions == null ? List.of() : sessions.kept(),
        sessions == null ? 0 : sessions.leftOut());
  }

  private void noteVisibility(ServerIdentity identity, String sessionRole) {
    if (!identity.fullVisibility() && !visibilityNoted) {
      visibilityNoted = true;
      log.warning(
          where
              + ": role "
              + sessionRole
              + " is neither superuser nor a member of pg_monitor, so other roles' sessions,"
              + " statement texts and lock waits are hidden (GRANT pg_monitor TO "
              + sessionRole
              + ")");
    }
  }
}
