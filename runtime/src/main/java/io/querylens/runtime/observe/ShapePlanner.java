package io.querylens.runtime.observe;

import io.querylens.core.insight.StatementScans;
import io.querylens.core.log.AgentLog;
import io.querylens.core.pg.ConnectionSource;
import io.querylens.core.pg.ServerKey;
import io.querylens.runtime.jdbc.JavaagentSuppression;
import io.querylens.runtime.jdbc.PostgresDiscovery;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Explains statement shapes on request (a test's, when it ends) on a session of QueryLens's own to
 * the server they ran on, opened the way the sampler opens its sessions: with the driver, URL and
 * credentials discovery kept from the application's connections. One session per server, kept for
 * the next request; the agent and the library reach the same code.
 *
 * <p>Not on the sampler's session: that one exists only while this process holds the sampling
 * election, and several test JVMs against one database would leave all but one without plans.
 */
public final class ShapePlanner {

  /** A planner for a process that does not sample PostgreSQL: it plans nothing. */
  static final ShapePlanner NONE = new ShapePlanner(null, Duration.ofSeconds(5));

  private final PostgresDiscovery discovery;
  private final Duration timeout;
  private final Map<ServerKey, Connection> sessions = new HashMap<>(); // guarded by this

  /**
   * @param discovery where the servers' connection sources are; null plans nothing
   * @param timeout each EXPLAIN's {@code statement_timeout} and {@code lock_timeout}
   */
  public ShapePlanner(PostgresDiscovery discovery, Duration timeout) {
    this.discovery = discovery;
    this.timeout = timeout;
  }

  /**
   * The scans of each statement's generic plan, in the order given, with the indexes the
   * missing-index rules propose for it when {@code missingIndexes}; empty when the server is not
   * one the application connected to with PostgreSQL's driver, or cannot be reached (told once).
   */
  public synchronized Optional<List<StatementScans.Planned>> plan(
      String address, int port, List<String> sanitizedTexts, boolean missingIndexes) {
    if (discovery == null || address == null || port <= 0) {
      return Optional.empty();
    }
    ServerKey server = new ServerKey(address, port);
    ConnectionSource source = discovery.sourceFor(server);
    if (source == null) {
      return Optional.empty();
    }
    PlanRun run = new PlanRun(server, source, sanitizedTexts, missingIndexes);
    JavaagentSuppression.SHARED.execute(run);
    return Optional.ofNullable(run.result);
  }

  /** One request, run where another agent's JDBC instrumentation does not trace it. */
  private final class PlanRun implements Runnable {
    final ServerKey server;
    final ConnectionSource source;
    final List<String> texts;
    final boolean missingIndexes;
    List<StatementScans.Planned> result;

    PlanRun(ServerKey server, ConnectionSource source, List<String> texts, boolean missingIndexes) {
      this.server = server;
      this.source = source;
      this.texts = texts;
      this.missingIndexes = missingIndexes;
    }

    @Override
    public void run() {
      try {
        Connection session = session(server, source);
        result =
            missingIndexes
                ? StatementScans.explainWithMissingIndexes(session, server, texts, timeout)
                : StatementScans.explain(session, texts, timeout);
      } catch (SQLException | RuntimeException e) {
        Connection broken = sessions.remove(server);
        closeQuietly(broken);
        AgentLog.warnOnce(
            "shape-planner:" + server,
            "cannot plan the statements run on " + server + ": " + e.getMessage());
      }
    }
  }

  private Connection session(ServerKey server, ConnectionSource source) throws SQLException {
    Connection session = sessions.get(server);
    if (session != null && session.isValid(1)) {
      return session;
    }
    closeQuietly(session);
    Connection opened = source.open();
    try (Statement sql = opened.createStatement()) {
      // For the catalog reads outside the planning transaction, which sets its own (SET LOCAL).
      sql.execute("SET statement_timeout = " + timeout.toMillis());
      sql.execute("SET lock_timeout = " + timeout.toMillis());
    } catch (SQLException e) {
      closeQuietly(opened);
      throw e;
    }
    sessions.put(server, opened);
    return opened;
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Already broken: nothing to hand back.
    }
  }
}
