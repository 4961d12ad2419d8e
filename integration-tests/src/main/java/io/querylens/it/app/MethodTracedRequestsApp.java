package io.querylens.it.app;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The requests of {@link TracedRequestsApp} with no OpenTelemetry API on the class path: under the
 * OpenTelemetry Java agent, its {@code otel.instrumentation.methods.include} makes each {@link
 * #request} a span, which only that agent's own (bootstrap) context knows.
 *
 * <p>Arguments: {@code url user password requests}.
 */
public final class MethodTracedRequestsApp {

  private MethodTracedRequestsApp() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    int requests = Integer.parseInt(args[3]);
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement setup = connection.createStatement()) {
      setup.execute("DROP TABLE IF EXISTS traced_audit");
      setup.execute("DROP TABLE IF EXISTS traced_accounts");
      setup.execute("CREATE TABLE traced_accounts (id int PRIMARY KEY, balance int NOT NULL)");
      setup.execute("CREATE TABLE traced_audit (account_id int NOT NULL, note text)");
      setup.execute("INSERT INTO traced_accounts SELECT i, 0 FROM generate_series(1, 100) AS i");
      for (int i = 0; i < requests; i++) {
        request(connection, 1 + i % 100);
      }
    }
    Thread.sleep(Long.getLong("traced.app.linger-millis", 0));
    System.out.println("DONE");
  }

  /** One request: traced by the OpenTelemetry agent's method instrumentation, when configured. */
  public static void request(Connection connection, int account) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT balance FROM traced_accounts WHERE id = ?")) {
      select.setInt(1, account);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
      }
    }
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE traced_accounts SET balance = balance + 1 WHERE id = ?")) {
      update.setInt(1, account);
      update.executeUpdate();
    }
    try (Statement insert = connection.createStatement()) {
      insert.executeUpdate(
          "INSERT INTO traced_audit (account_id, note) VALUES (" + account + ", 'seen')");
    }
  }
}
