package io.querylens.it.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
 * An application tracing with its own OpenTelemetry SDK (nothing exported) that runs plain and
 * prepared statements inside requests on one PostgreSQL connection, and looks at {@code
 * pg_stat_activity.query} (the text the server got) from a second one:
 *
 * <ol>
 *   <li>{@code REQUEST <traceparent>} then {@code SEEN <query>}: a request's running plain {@code
 *       SELECT pg_sleep(..)} as another session sees it;
 *   <li>{@code PREPARED <query>}: a prepared statement of a request reading its own text;
 *   <li>{@code OUTSIDE <query>}: a plain statement outside any request reading its own text;
 *   <li>{@code POOLED_REQUEST <traceparent>}, {@code POOLED <query>} and {@code BATCHED <query>}:
 *       through a HikariCP pool (its proxy statement wraps the driver's, both rewritten), a plain
 *       query and a plain statement's batch of one INSERT, each reading its own text.
 * </ol>
 *
 * <p>Arguments: {@code url user password}; {@code comment.app.sleep} is how long the request's
 * statement runs, in seconds (2).
 */
public final class TraceparentCommentApp {

  private static final String OWN_TEXT =
      "SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid()";

  private TraceparentCommentApp() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1];
    String password = args[2];
    SdkTracerProvider provider = SdkTracerProvider.builder().build();
    Tracer tracer = provider.get("comment-app");
    try (Connection requests = DriverManager.getConnection(url, user, password);
        Connection observer = DriverManager.getConnection(url, user, password)) {
      Span request = tracer.spanBuilder("GET /slow").setParent(Context.root()).startSpan();
      System.out.println("REQUEST " + SleepingSession.traceparent(request));
      CompletableFuture<String> seen =
          CompletableFuture.supplyAsync(
              () -> SleepingSession.columnOfTheSleeper(observer, "query"));
      try (Scope ignored = request.makeCurrent();
          Statement statement = requests.createStatement()) {
        statement.execute("SELECT pg_sleep(" + System.getProperty("comment.app.sleep", "2") + ")");
        try (PreparedStatement prepared = requests.prepareStatement(OWN_TEXT + " AND ? = 1")) {
          prepared.setInt(1, 1);
          System.out.println("PREPARED " + firstColumn(prepared.executeQuery()));
        }
      } finally {
        request.end();
      }
      System.out.println("SEEN " + seen.get(30, TimeUnit.SECONDS));
      try (Statement statement = requests.createStatement()) {
        System.out.println("OUTSIDE " + firstColumn(statement.executeQuery(OWN_TEXT)));
      }
    }
    throughAPool(tracer, url, user, password);
    provider.shutdown().join(5, TimeUnit.SECONDS);
    System.out.println("DONE");
  }

  private static void throughAPool(Tracer tracer, String url, String user, String password)
      throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(1);
    Span request = tracer.spanBuilder("POST /batch").setParent(Context.root()).startSpan();
    System.out.println("POOLED_REQUEST " + SleepingSession.traceparent(request));
    try (HikariDataSource pool = new HikariDataSource(config);
        Scope ignored = request.makeCurrent();
        Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      System.out.println("POOLED " + firstColumn(statement.executeQuery(OWN_TEXT)));
      statement.execute("CREATE TEMPORARY TABLE seen_texts (query text)");
      statement.addBatch(
          "INSERT INTO seen_texts SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid()");
      statement.executeBatch();
      System.out.println("BATCHED " + firstColumn(statement.executeQuery("TABLE seen_texts")));
    } finally {
      request.end();
    }
  }

  private static String firstColumn(ResultSet rows) throws SQLException {
    try (rows) {
      rows.next();
      return rows.getString(1);
    }
  }
}
