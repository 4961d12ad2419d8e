package io.querylens.runtime.jdbc;

import io.querylens.core.log.AgentLog;
import io.querylens.exporter.StatementObserver;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Carries the application's trace into PostgreSQL (opt-in): before a statement of a traced request
 * runs, its session's {@code application_name} becomes the request's W3C {@code traceparent}, so
 * that {@code pg_stat_activity}, the server log ({@code %a}) and QueryLens's own session samples
 * name the request. A session parameter, not a comment in the text, so prepared statements stay
 * prepared and every statement of the request, prepared or not, carries it.
 *
 * <p>It costs a round trip ({@code SET application_name}, which pgjdbc sends without opening a
 * transaction) each time a physical connection moves to another span, and nothing while it stays in
 * one. A statement outside any trace first puts the application's own name back. The whole
 * traceparent (55 characters) is the name: PostgreSQL keeps 63 bytes of it, too few for a prefix.
 */
class ApplicationNamePropagation {

  /** Propagation off: the default. */
  static final ApplicationNamePropagation OFF = new ApplicationNamePropagation();

  private ApplicationNamePropagation() {}

  static ApplicationNamePropagation on(ConnectionFactsResolver connections) {
    return new On(connections);
  }

  /**
   * Before the execution {@code scope} stands for reaches the server, on {@code connection}, the
   * statement's physical connection as the tracer found it.
   */
  void beforeExecution(
      Statement statement, KnownConnection connection, Object scope, StatementObserver observer) {}

  private static final class On extends ApplicationNamePropagation {

    private static final String CLIENT_INFO = "ApplicationName";

    private final ConnectionFactsResolver connections;

    On(ConnectionFactsResolver connections) {
      this.connections = connections;
    }

    @Override
    void beforeExecution(
        Statement statement, KnownConnection connection, Object scope, StatementObserver observer) {
      if (!"postgresql".equals(connection.facts.systemName())) {
        return;
      }
      try {
        // What the session's application_name is, as far as we set it: kept beside the
        // connection's facts, so a statement of the same request costs no look-up of its own.
        SessionName name = connection.sessionName;
        if (name != null && observer.traceparentIs(scope, name.current)) {
          return; // the same request as the connection's last statement: nothing to build or set
        }
        String traceparent = observer.traceparent(scope);
        if (name == null) {
          if (traceparent == null) {
            return; // never changed: nothing to put back
          }
          Connection physical = connections.physicalConnectionOf(statement);
          name = new SessionName(physical.getClientInfo(CLIENT_INFO));
          connection.sessionName = name;
        }
        String wanted = traceparent != null ? traceparent : name.own;
        if (!wanted.equals(name.current)) {
          Connection physical = connections.physicalConnectionOf(statement);
          JavaagentSuppression.SHARED.execute(() -> set(physical, wanted));
          name.current = wanted;
        }
      } catch (SQLException | RuntimeException e) {
        AgentLog.warnOnce(
            "application-name-propagation",
            "cannot set application_name to the request's traceparent; statements run as they"
                + " are: "
                + e);
      }
    }

    private static void set(Connection connection, String name) {
      try {
        connection.setClientInfo(CLIENT_INFO, name);
      } catch (SQLException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
  }

  /** The application's own name for a session, and what it is now. */
  static final class SessionName {
    final String own;
    String current;

    SessionName(String own) {
      this.own = own == null ? "" : own;
      this.current = this.own;
    }
  }
}
