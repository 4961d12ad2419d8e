package io.querylens.junit.support;

import io.querylens.core.config.Settings;
import io.querylens.runtime.QueryLensRuntime;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * One real PostgreSQL server (embedded) and one QueryLens runtime for the whole test JVM, with the
 * tables the sample tests query: {@code customers} (50), {@code orders} (4 per customer) and {@code
 * events} (100,000 rows, no index on {@code kind}, analyzed).
 */
public final class LibraryModeDatabase {

  public static final int CUSTOMERS = 50;
  public static final int EVENTS = 100_000;

  private static TracedConnections connections;

  private LibraryModeDatabase() {}

  /** Starts the server and the runtime once, and creates the tables; outside any budgeted test. */
  public static synchronized TracedConnections start() {
    if (connections != null) {
      return connections;
    }
    try {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres)));
      String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
      Properties properties = new Properties();
      properties.setProperty("user", "postgres");
      QueryLensRuntime runtime = QueryLensRuntime.fromSettings(Settings.fromSystem());
      runtime.startInBackground("test", () -> {}, () -> {});
      connections =
          new TracedConnections(runtime.statements(), new org.postgresql.Driver(), url, properties);
      createTables();
      return connections;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL", e);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the sample tables", e);
    }
  }

  /** A connection whose statements QueryLens records, as through the library's wrapper. */
  public static Connection connect() throws SQLException {
    return start().open();
  }

  private static void createTables() throws SQLException {
    try (Connection connection = connections.open();
        Statement sql = connection.createStatement()) {
      sql.execute(
          "CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL);"
              + "CREATE TABLE orders (id serial PRIMARY KEY,"
              + " customer_id int NOT NULL REFERENCES customers, total numeric NOT NULL);"
              + "CREATE INDEX orders_customer ON orders (customer_id);"
              + "CREATE TABLE events (id int PRIMARY KEY, kind text NOT NULL, payload text);"
              + "INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, "
              + CUSTOMERS
              + ") g;"
              + "INSERT INTO orders (customer_id, total) SELECT c, o * 10"
              + " FROM generate_series(1, "
              + CUSTOMERS
              + ") c, generate_series(1, 4) o;"
              + "INSERT INTO events SELECT g, 'kind ' || (g % 100), repeat('x', 20)"
              + " FROM generate_series(1, "
              + EVENTS
              + ") g;"
              + "ANALYZE customers; ANALYZE orders; ANALYZE events");
    }
  }

  private static void close(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
