package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Samples one database over its own session. Each {@link #sampleOnce()} (re)connects when needed,
 * takes part in the election, and, only when this instance holds the sampler lock, reads every
 * family into a {@link Snapshot}. While another instance samples, or the server is unreachable,
 * {@link #latest()} is empty: an instance reports only what it sampled itself.
 */
public final class Sampler implements AutoCloseable {

  /** What this instance is doing for its database. */
  public enum Role {
    /** No session: not yet connected, or the server is unreachable (retrying with backoff). */
    DISCONNECTED,
    /** Connected, but another instance holds the sampler lock. */
    WAITING,
    /** Holds the sampler lock and samples. */
    SAMPLING
  }

  private final ServerKey server;
  private final ConnectionSource source;
  private final SamplerSettings settings;
  private final Clock clock;
  private final SamplerLog log;
  private final RelationFilter filter;
  private final ReconnectBackoff backoff;
  private final Duration staleAfter;
  private final ReentrantLock lock = new ReentrantLock();
  private final StatementQuery statementQuery = new StatementQuery();
  private final FamilyGuard guard;
  private String where;
  private Connection connection;
  private String sessionRole;
  private boolean visibilityNoted;
  private final Set<StatsFamily> approximateNoted = EnumSet.noneOf(StatsFamily.class);
  private String lastFailure;
  private String lastWorkFailure;
  private volatile Role role = Role.DISCONNECTED;
  private volatile Snapshot latest;
  private volatile boolean closed;
  private volatile boolean keepLatest;

  public Sampler(
      ServerKey server,
      ConnectionSource source,
      SamplerSettings settings,
      Clock clock,
      SamplerLog log) {
    this.server = server;
    this.source = source;
    this.settings = settings;
    this.clock = clock;
    this.log = log;
    this.filter = new RelationFilter(settings);
    this.backoff = new ReconnectBackoff(settings.interval());
    this.staleAfter = settings.interval().multipliedBy(2).plus(settings.statementTimeout());
    this.where = "QueryLens sampler for " + server;
    this.guard = new FamilyGuard(log, where);
  }

  public ServerKey server() {
    return server;
  }

  public Role role() {
    return role;
  }

  /**
   * The last snapshot this instance sampled, while it still samples this database. A snapshot older
   * than two intervals plus the statement timeout is withheld: this instance may have lost its
   * session (and the lock, to another instance) without having noticed yet.
   */
  public Optional<Snapshot> latest() {
    Snapshot snapshot = latest;
    if (snapshot == null || snapshot.sampledAt().plus(staleAfter).isBefore(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(snapshot);
  }

  /** Work done on the sampler's own session, such as the advisor's planning round. */
  @FunctionalInterface
  public interface SessionWork<T> {
    T run(Connection session) throws SQLException;
  }

  /**
   * Runs {@code work} on this sampler's session while this instance samples the database, between
   * two samples (never at the same time as one), so the advisor needs no connection of its own.
   * Empty when there is no such session, or when the work failed: that is told once per kind of
   * error, never thrown, and a lost session is reopened by the next sample.
   *
   * @param what names the work in the log line
   */
  public <T> Optional<T> withSession(String what, SessionWork<T> work) {
    lock.lock();
    try {
      if (closed || connection == null || role != Role.SAMPLING) {
        return Optional.empty();
      }
      try {
        return Optional.ofNullable(work.run(connection));
      } catch (SQLException | RuntimeException e) {
        String key =
            what
                + e.getClass().getName()
                + (e instanceof SQLException sql ? sql.getSQLState() : "");
        String message = where + " " + what + " failed: " + SafeText.describe(e);
        if (key.equals(lastWorkFailure)) {
          log.debug(message);
        } else {
          lastWorkFailure = key;
          log.warning(message);
        }
        if (e instanceof SQLException sql && SqlErrors.connectionLost(sql, connection)) {
          dropConnection();
        }
        return Optional.empty();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * One sampling run. Never throws for a database problem: those are logged (once each) and leave
   * {@link #latest()} empty until the next good run.
   */
  public Optional<Snapshot> sampleOnce() {
    lock.lock();
    try {
      if (closed) {
        return Optional.empty();
      }
      return sampleLocked();
    } finally {
      if (closed) {
        release();
      }
      lock.unlock();
    }
  }

  private Optional<Snapshot> sampleLocked() {
    Instant now = clock.instant();
    if (connection != null && source.retired(connection)) {
      undeployed();
      return Optional.empty();
    }
    if (connection == null) {
      if (!source.available() || !backoff.mayTry(now)) {
        return Optional.empty();
      }
      try {
        connect();
      } catch (SQLException | RuntimeException e) {
        backoff.failed(now);
        failure("cannot connect", e);
        return Optional.empty();
      }
    }
    try {
      if (role != Role.SAMPLING) {
        if (!SamplerElection.tryLead(connection)) {
          role = Role.WAITING;
          latest = null;
          return Optional.empty();
        }
        role = Role.SAMPLING;
        log.info(where + ": this instance samples the database now");
      }
      Snapshot snapshot = read(now);
      latest = snapshot;
      recovered();
      return Optional.of(snapshot);
    } catch (LinkageError e) {
      // The driver's classes are gone (NoClassDefFoundError): its application was undeployed.
      undeployed();
      return Optional.empty();
    } catch (SQLException e) {
      latest = null;
      if (SqlErrors.connectionLost(e, connection)) {
        dropConnection();
        backoff.failed(now);
        failure("lost its session (reconnecting)", e);
      } else {
        failure("sample failed", e);
      }
      return Optional.empty();
    }
  }

  private void connect() throws SQLException {
    connection = SamplingSession.open(source, settings);
    try {
      sessionRole = SamplingSession.role(connection);
    } catch (SQLException e) {
      dropConnection();
      throw e;
    }
    backoff.succeeded();
    guard.newSession();
    statementQuery.newSession();
    role = Role.WAITING;
  }

  private Snapshot read(Instant now) throws SQLException {
    long started = System.nanoTime();
    Connection c = connection;
    ServerIdentity identity = SamplingSession.identify(c, server);
    String database = identity.database();
    if (!where.endsWith("/" + database)) {
      where = "QueryLens sampler for " + server + "/" + database;
      guard.describe(where);
    }
    noteVisibility(identity);
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
                lockFree(StatsFamily.TABLES, exact -> TableQuery.read(c, settings, filter, exact)));
    Bounded<IndexStats> indexes =
        guard.read(
            StatsFamily.INDEXES,
            c,
            sessionRole,
            () ->
                lockFree(
                    StatsFamily.INDEXES,
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
        guard.skippedThisRun());
  }

  /** A family's query, given whether it may open relations to measure exact sizes. */
  private interface SizedRead<T> {
    T read(boolean exactSizes) throws SQLException;
  }

  /**
   * Reads with exact sizes; when a relation is locked (an ALTER TABLE, VACUUM FULL or REINDEX in
   * progress) and {@code lock_timeout} expires, reads again with sizes from {@code relpages}, so a
   * migration costs the sample precision, not the family.
   */
  private <T> T lockFree(StatsFamily family, SizedRead<T> read) throws SQLException {
    try {
      return read.read(true);
    } catch (SQLException e) {
      if (!SqlErrors.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
        throw e;
      }
      String message =
          where
              + ": a relation was locked past lock_timeout while reading "
              + family.source()
              + "; sizes in this sample come from pg_class.relpages";
      if (approximateNoted.add(family)) {
        log.info(message);
      } else {
        log.debug(message);
      }
      return read.read(false);
    }
  }

  private void noteVisibility(ServerIdentity identity) {
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

  /** Logs a failure once as a warning; the same failure again goes to debug. */
  private void failure(String what, Exception error) {
    String message = where + " " + what + ": " + SafeText.describe(error);
    String key =
        what
            + error.getClass().getName()
            + (error instanceof SQLException sql ? sql.getSQLState() : "");
    if (key.equals(lastFailure)) {
      log.debug(message);
    } else {
      lastFailure = key;
      log.warning(message);
    }
  }

  private void recovered() {
    if (lastFailure != null) {
      lastFailure = null;
      log.info(where + ": sampling again");
    }
  }

  /**
   * The application that brought the session's driver was undeployed: the session is given up, so
   * that nothing of that application stays reachable from here, and sampling resumes when the
   * application connects again with a live driver.
   */
  private void undeployed() {
    log.warning(
        where
            + ": the JDBC driver of its session was undeployed with its application; sampling"
            + " stops until the application connects again");
    latest = null;
    Connection abandoned = connection;
    connection = null;
    if (abandoned != null) {
      try {
        if (role == Role.SAMPLING) {
          SamplerElection.resign(abandoned);
        }
      } catch (Throwable ignored) {
        // Closing below ends the session, and the lock with it.
      }
      try {
        abandoned.close();
      } catch (Throwable ignored) {
        // Its classes may be gone too: the session then ends when the socket is collected.
      }
    }
    role = Role.DISCONNECTED;
  }

  private void dropConnection() {
    Connection dropped = connection;
    connection = null;
    role = Role.DISCONNECTED;
    if (dropped != null) {
      try {
        dropped.close();
      } catch (SQLException ignored) {
        // The session is already gone; closing is only tidying up.
      }
    }
  }

  /**
   * Stops sampling: hands the lock back (another instance takes over at its next tick) and closes
   * the session. If a run is in progress, that run does this when it ends.
   */
  @Override
  public void close() {
    closed = true;
    latest = null;
    releaseNow();
  }

  /**
   * Stops sampling as the JVM exits: hands the lock back and closes the session like {@link
   * #close}, but keeps the last snapshot, which the exporters' final export still reads.
   */
  public void stopAtExit() {
    keepLatest = true;
    closed = true;
    releaseNow();
  }

  private void releaseNow() {
    if (lock.tryLock()) {
      try {
        release();
      } finally {
        lock.unlock();
      }
    }
  }

  private void release() {
    if (!keepLatest) {
      latest = null;
    }
    if (connection != null && role == Role.SAMPLING) {
      try {
        SamplerElection.resign(connection);
      } catch (SQLException ignored) {
        // Closing the session below releases the lock anyway.
      }
    }
    dropConnection();
  }
}
