package io.querylens.it.app;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Two requests, each a span of the application's own SDK (sampled, exported nowhere): one reads a
 * customer's orders and then each order's lines in a loop (an N+1), the other reads the same with
 * one join. Prints {@code REQUEST loop|join <trace id> <orders>}.
 *
 * <p>Arguments: {@code url user password [mode]}. Modes: {@code own-sdk} (the default, as above);
 * {@code global}, the same spans from {@code GlobalOpenTelemetry} (the OpenTelemetry Java agent's
 * SDK when it is attached); {@code transactions}, no span at all: the loop once inside one database
 * transaction (autocommit off, then commit), once more in autocommit mode, printing {@code
 * TRANSACTION loop <orders>}.
 */
public final class NPlusOneApp {

  public static final String ORDERS = "SELECT id FROM np_orders WHERE customer_id = ?";
  public static final String LINES = "SELECT qty FROM np_lines WHERE order_id = ?";
  public static final String JOINED =
      "SELECT o.id, l.qty FROM np_orders o JOIN np_lines l ON l.order_id = o.id"
          + " WHERE o.customer_id = ?";

  private static final int ORDERS_OF_CUSTOMER = 12;

  private NPlusOneApp() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 3 ? args[3] : "own-sdk";
    SdkTracerProvider provider = SdkTracerProvider.builder().build();
    Tracer tracer =
        mode.equals("global")
            ? GlobalOpenTelemetry.getTracer("n-plus-one-app")
            : provider.get("n-plus-one-app");
    try (Connection connection = DriverManager.getConnection(args[0], args[1], args[2])) {
      try (Statement setup = connection.createStatement()) {
        setup.execute("DROP TABLE IF EXISTS np_lines");
        setup.execute("DROP TABLE IF EXISTS np_orders");
        setup.execute("CREATE TABLE np_orders (id int PRIMARY KEY, customer_id int NOT NULL)");
        setup.execute("CREATE TABLE np_lines (order_id int NOT NULL, qty int NOT NULL)");
        setup.execute(
            "INSERT INTO np_orders SELECT i, 1 FROM generate_series(1, "
                + ORDERS_OF_CUSTOMER
                + ") i");
        setup.execute("INSERT INTO np_lines SELECT id, 2 FROM np_orders, generate_series(1, 3)");
      }
      if (mode.equals("transactions")) {
        connection.setAutoCommit(false);
        int orders = readWithLoop(connection);
        connection.commit();
        connection.setAutoCommit(true);
        System.out.println("TRANSACTION loop " + orders);
        readWithLoop(connection); // autocommit, no trace: keyed by nothing
        provider.close();
        System.out.println("DONE");
        return;
      }
      Span loop = tracer.spanBuilder("GET /customers/1/orders loop").startSpan();
      int orders;
      try (Scope ignored = loop.makeCurrent()) {
        orders = readWithLoop(connection);
      } finally {
        loop.end();
      }
      System.out.println("REQUEST loop " + loop.getSpanContext().getTraceId() + " " + orders);
      Span join = tracer.spanBuilder("GET /customers/1/orders join").startSpan();
      try (Scope ignored = join.makeCurrent()) {
        readWithJoin(connection);
      } finally {
        join.end();
      }
      System.out.println("REQUEST join " + join.getSpanContext().getTraceId() + " 1");
    }
    provider.close();
    System.out.println("DONE");
  }

  /**
   * The classic loop: one query per row of an open result set, so the driving query is recorded
   * (once its rows are read) after every statement of its loop.
   */
  private static int readWithLoop(Connection connection) throws Exception {
    int orders = 0;
    try (PreparedStatement driving = connection.prepareStatement(ORDERS);
        PreparedStatement lines = connection.prepareStatement(LINES)) {
      driving.setInt(1, 1);
      try (ResultSet order = driving.executeQuery()) {
        while (order.next()) {
          orders++;
          lines.setInt(1, order.getInt(1));
          try (ResultSet rows = lines.executeQuery()) {
            while (rows.next()) {
              rows.getInt(1);
            }
          }
        }
      }
    }
    return orders;
  }

  private static void readWithJoin(Connection connection) throws Exception {
    try (PreparedStatement joined = connection.prepareStatement(JOINED)) {
      joined.setInt(1, 1);
      try (ResultSet rows = joined.executeQuery()) {
        while (rows.next()) {
          rows.getInt(2);
        }
      }
    }
  }
}
