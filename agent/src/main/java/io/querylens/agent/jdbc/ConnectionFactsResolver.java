package io.querylens.agent.jdbc;

import io.querylens.exporter.ConnectionFacts;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The connection-level facts of a statement, computed once per physical connection and without a
 * network call: pools hand out a new proxy per checkout, so facts are keyed by the driver's own
 * connection, reached through {@code unwrap}.
 */
final class ConnectionFactsResolver {

  private final WeakIdentityMap<Connection, ConnectionFacts> byConnection = new WeakIdentityMap<>();
  private final OwnConnections own;

  ConnectionFactsResolver(OwnConnections own) {
    this.own = own;
  }

  /** The facts of the statement's connection; null when the connection is the agent's own. */
  ConnectionFacts factsOf(Statement statement) throws SQLException {
    Connection connection = physical(statement.getConnection());
    ConnectionFacts facts = byConnection.get(connection);
    if (facts == null) {
      if (own.contains(connection)) {
        return null;
      }
      facts = compute(connection);
      byConnection.put(connection, facts);
    }
    return facts;
  }

  private static Connection physical(Connection connection) {
    try {
      Connection unwrapped = connection.unwrap(Connection.class);
      return unwrapped != null ? unwrapped : connection;
    } catch (SQLException | RuntimeException | AbstractMethodError e) {
      return connection;
    }
  }

  private static ConnectionFacts compute(Connection connection) throws SQLException {
    JdbcUrl url = JdbcUrl.parse(connection.getMetaData().getURL());
    String database = catalogOf(connection);
    String namespace = database;
    // PostgreSQL's namespace is database|schema; the schema is known without a query only when
    // the application named it in the URL.
    if ("postgresql".equals(url.systemName) && database != null && url.currentSchema != null) {
      namespace = database + "|" + url.currentSchema;
    }
    return new ConnectionFacts(url.systemName, namespace, url.host, url.port);
  }

  /**
   * pgjdbc 42.7 answers {@code getCatalog()} with a query ({@code select current_catalog}) on the
   * application's connection, once per connection: run where the OpenTelemetry Java agent's JDBC
   * instrumentation does not see it, so that it is no span in the application's trace.
   */
  private static String catalogOf(Connection connection) {
    String[] catalog = new String[1];
    JavaagentSuppression.SHARED.execute(() -> catalog[0] = readCatalog(connection));
    return catalog[0];
  }

  private static String readCatalog(Connection connection) {
    try {
      String catalog = connection.getCatalog();
      return catalog == null || catalog.isEmpty() ? null : catalog;
    } catch (SQLException | RuntimeException e) {
      return null;
    }
  }
}
