package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Samples one database over its own session: the session's lifecycle (connect with backoff, lose,
 * reconnect, close) and its part in the election ({@link SamplerElection}); the reading itself is
 * {@link SnapshotReader}'s. Each {@link #sampleOnce()} (re)connects when needed, takes part in the
 * election, and, only when this instance holds the sampler lock, reads every family into a {@link
 * Snapshot}. While another instance samples, or the server is unreachable, {@link #latest()} is
 * empty: an instance reports only what it sampled itself.
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
  private final ReconnectBackoff backoff;
  private final Duration staleAfter;
  private final ReentrantLock lock = new ReentrantLock();
  private final SnapshotReader reader;
  private final RepeatedFailureLog failures;
  private final RepeatedFailureLog workFailures;
  private Connection connection;
  private String sessionRole;
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
    this.backoff = new ReconnectBackoff(settings.interval());
    this.staleAfter = settings.interval().multipliedBy(2).plus(settings.statementTimeout());
    this.reader = new SnapshotReader(server, settings, log);
    this.failures = new RepeatedFailureLog(log);
    this.workFailures = new RepeatedFailureLog(log);
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
        workFailures.failed(
            what, e, reader.where() + " " + what + " failed: " + SafeText.describe(e));
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
        log.info(reader.where() + ": this instance samples the database now");
      }
      Snapshot snapshot = reader.read(connection, sessionRole, now);
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
    reader.newSession();
    role = Role.WAITING;
  }

  private void failure(String what, Exception error) {
    failures.failed(what, error, reader.where() + " " + what + ": " + SafeText.describe(error));
  }

  private void recovered() {
    if (failures.clear()) {
      log.info(reader.where() + ": sampling again");
    }
  }

  /**
   * The application that brought the session's driver was undeployed: the session is given up, so
   * that nothing of that application stays reachable from here, and sampling resumes when the
   * application connects again with a live driver.
   */
  private void undeployed() {
    log.warning(
        reader.where()
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
