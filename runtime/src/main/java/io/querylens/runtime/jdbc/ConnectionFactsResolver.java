package io.querylens.runtime.jdbc;

import io.querylens.core.jdbc.JdbcUrl;
import io.querylens.exporter.ConnectionFacts;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.LongAdder;

/**
 * The connection-level facts of a statement, computed once per physical connection and without a
 * network call, kept in the connection's {@link KnownConnection}. Pools hand out a new wrapper per
 * checkout, so what is known is keyed by the driver's own connection, reached through {@code
 * unwrap}: to the class of a connection a driver's {@code connect} returned when one is known
 * (DBCP2's and Spring's wrappers answer {@code unwrap(Connection.class)} with themselves), else to
 * {@code Connection}. The wrapper is remembered too until it is closed (checked in), so the
 * checkout's further statements skip the unwrapping.
 */
final class ConnectionFactsResolver {

  private final WeakIdentityMap<Connection, KnownConnection> byConnection = new WeakIdentityMap<>();
  private final DistinctFacts distinct = new DistinctFacts();
  private final OwnConnections own;
  private final DriverConnectionClasses driverConnections = new DriverConnectionClasses();
  private final LongAdder computed = new LongAdder();

  ConnectionFactsResolver(OwnConnections own) {
    this.own = own;
  }

  /** A driver's {@code connect} returned {@code connection}: its class is a physical one. */
  void connected(Object connection) {
    if (connection instanceof Connection) {
      driverConnections.learn(connection.getClass());
    }
  }

  /** What is known of the statement's physical connection; null when it is the agent's own. */
  KnownConnection of(Statement statement) throws SQLException {
    return resolve(statement.getConnection());
  }

  /**
   * What is known of {@code connection}'s physical connection; null when it is the agent's own or
   * its facts cannot be read (it is closed).
   */
  KnownConnection of(Connection connection) {
    try {
      return resolve(connection);
    } catch (SQLException | RuntimeException e) {
      return null;
    }
  }

  private KnownConnection resolve(Connection handed) throws SQLException {
    KnownConnection known = byConnection.get(handed);
    if (known == null) {
      known = resolveNew(handed);
    }
    return known == OWN ? null : known;
  }

  /** A connection not met before, or a pool's new wrapper of one: kept until it is closed. */
  private KnownConnection resolveNew(Connection handed) throws SQLException {
    Connection connection = physical(handed);
    KnownConnection known = connection == handed ? null : byConnection.get(connection);
    if (known == null) {
      // The sampler's own connections are remembered too, so their statements skip the unwrap.
      known =
          own.contains(connection) ? OWN : new KnownConnection(distinct.of(compute(connection)));
      if (known != OWN) {
        computed.increment();
      }
      byConnection.put(connection, known);
    }
    if (connection != handed) {
      byConnection.put(handed, known);
    }
    return known;
  }

  /** Stands for the agent's own connections in the map: nothing of theirs is traced. */
  private static final KnownConnection OWN = new KnownConnection(null);

  /** The driver's own connection behind the one the statement was created on. */
  Connection physicalConnectionOf(Statement statement) throws SQLException {
    return physical(statement.getConnection());
  }

  /** {@code connection} was closed: a pool's wrapper at check-in, or a physical connection. */
  void closed(Object connection) {
    if (connection instanceof Connection) {
      byConnection.removeIfPresent((Connection) connection);
    }
  }

  /** Connections whose facts are held (a test's view of the bound). */
  int connectionsHeld() {
    return byConnection.size();
  }

  /** How many times facts were computed: once per physical connection is the promise. */
  long computations() {
    return computed.sum();
  }

  private Connection physical(Connection connection) {
    Connection driverOwn = driverConnections.unwrap(connection);
    if (driverOwn != null) {
      return driverOwn;
    }
    try {
      Connection unwrapped = connection.unwrap(Connection.class);
      return unwrapped != null ? unwrapped : connection;
    } catch (SQLException | RuntimeException | AbstractMethodError e) {
      return connection;
    }
  }

  private static ConnectionFacts compute(Connection connection) throws SQLException {
    JdbcUrl url = JdbcUrl.parse(connection.getMetaData().getURL());
    // pgjdbc 42.7 answers its first getCatalog with a query (select current_catalog): the
    // database its URL names is the one it connected to, known without a round trip.
    String catalog =
        "postgresql".equals(url.systemName()) && url.database() != null
            ? null
            : catalogOf(connection);
    return new ConnectionFacts(url.systemName(), url.namespace(catalog), url.host(), url.port());
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
