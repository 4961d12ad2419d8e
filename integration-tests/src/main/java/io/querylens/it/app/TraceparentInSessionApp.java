package io.querylens.it.app;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An application tracing with its own OpenTelemetry SDK (nothing exported), whose requests run on
 * one PostgreSQL connection, and which looks at {@code pg_stat_activity} from a second one:
 *
 * <ol>
 *   <li>{@code SLEEPING <traceparent>} then {@code SEEN <application_name>}: a request's running
 *       statement as another session sees it;
 *   <li>ten executions of one prepared statement, alternating between two requests, then {@code
 *       PREPARED <n>}: the server-side prepared statements of the session for that text;
 *   <li>{@code OUTSIDE <application_name>}: what a statement outside any request reads.
 * </ol>
 *
 * <p>Arguments: {@code url user password}; {@code traceparent.app.sleep} is how long the first
 * request's statement runs, in seconds (2).
 */
public final class TraceparentInSessionApp {

  private TraceparentInSessionApp() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    SdkTracerProvider provider = SdkTracerProvider.builder().build();
    Tracer tracer = provider.get("traceparent-app");
    try (Connection requests = DriverManager.getConnection(url, user, password);
        Connection observer = DriverManager.getConnection(url, user, password)) {
      Span sleeping = tracer.spanBuilder("GET /slow").setParent(Context.root()).startSpan();
      System.out.println("SLEEPING " + SleepingSession.traceparent(sleeping));
      CompletableFuture<String> seen =
          CompletableFuture.supplyAsync(
              () -> SleepingSession.columnOfTheSleeper(observer, "application_name"));
      try (Scope ignored = sleeping.makeCurrent();
          PreparedStatement sleep = requests.prepareStatement("SELECT pg_sleep(?)")) {
        sleep.setDouble(1, Double.parseDouble(System.getProperty("traceparent.app.sleep", "2")));
        sleep.execute();
      } finally {
        sleeping.end();
      }
      System.out.println("SEEN " + seen.get(30, TimeUnit.SECONDS));

      Span first = tracer.spanBuilder("GET /a").setParent(Context.root()).startSpan();
      Span second = tracer.spanBuilder("GET /b").setParent(Context.root()).startSpan();
      try (PreparedStatement marker = requests.prepareStatement("SELECT ? AS traceparent_marker")) {
        for (int i = 0; i < 10; i++) {
          try (Scope ignored = (i % 2 == 0 ? first : second).makeCurrent()) {
            marker.setInt(1, i);
            try (ResultSet rows = marker.executeQuery()) {
              rows.next();
            }
          }
        }
        System.out.println("PREPARED " + preparedCount(requests));
      } finally {
        first.end();
        second.end();
      }
      System.out.println("OUTSIDE " + show(requests));
    }
    provider.shutdown().join(5, TimeUnit.SECONDS);
    System.out.println("DONE");
  }

  private static int preparedCount(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_prepared_statements"
                    + " WHERE statement LIKE '%AS traceparent_marker%'"
                    + " AND statement NOT LIKE '%pg_prepared_statements%'")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static String show(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW application_name")) {
      rows.next();
      return rows.getString(1);
    }
  }
}
