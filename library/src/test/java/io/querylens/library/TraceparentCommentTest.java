package io.querylens.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Library mode with {@code trace-context.sql-comment} on: the wrapper sends a plain statement's
 * text with the application span's traceparent as a trailing comment, as the agent does. Each
 * statement reads its own text back from {@code pg_stat_activity}, which is what the server got.
 */
class TraceparentCommentTest {

  private static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  private static final String OWN_TEXT =
      "SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid()";

  private static LibraryTelemetry telemetry;
  private static QueryLens queryLens;
  private static DataSource dataSource;

  @BeforeAll
  static void start() {
    telemetry = new LibraryTelemetry();
    queryLens =
        QueryLens.builder()
            .openTelemetry(telemetry.sdk)
            .sampler(false)
            .setting("otel.instrumentation.querylens.trace-context.sql-comment", "true")
            .build();
    dataSource = queryLens.wrapDataSource(EmbeddedPostgresDatabase.dataSource());
  }

  @AfterAll
  static void stop() {
    queryLens.close();
  }

  @Test
  void aPlainStatementInAnApplicationSpanCarriesItsTraceparentToTheServer() throws SQLException {
    Span request = telemetry.sdk.getTracer("test").spanBuilder("GET /orders").startSpan();
    String sent;
    try (Scope ignored = request.makeCurrent();
        Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      sent = firstColumn(statement.executeQuery(OWN_TEXT));
    } finally {
      request.end();
    }

    String traceparent =
        "00-" + request.getSpanContext().getTraceId() + "-" + request.getSpanContext().getSpanId();
    assertThat(sent).isEqualTo(OWN_TEXT + " /*traceparent='" + traceparent + "-01'*/");
    SpanData span =
        telemetry.awaitSpan(s -> s.getParentSpanId().equals(request.getSpanContext().getSpanId()));
    assertThat(span.getAttributes().get(QUERY_TEXT)).doesNotContain("traceparent");
  }

  @Test
  void aPreparedStatementOrAStatementOutsideAnySpanIsSentAsWritten() throws SQLException {
    Span request = telemetry.sdk.getTracer("test").spanBuilder("GET /orders").startSpan();
    String prepared;
    String outside;
    try (Connection connection = dataSource.getConnection()) {
      try (Scope ignored = request.makeCurrent();
          PreparedStatement statement = connection.prepareStatement(OWN_TEXT)) {
        prepared = firstColumn(statement.executeQuery());
      } finally {
        request.end();
      }
      try (Statement statement = connection.createStatement()) {
        outside = firstColumn(statement.executeQuery(OWN_TEXT));
      }
    }

    assertThat(prepared).isEqualTo(OWN_TEXT);
    assertThat(outside).isEqualTo(OWN_TEXT);
  }

  private static String firstColumn(ResultSet rows) throws SQLException {
    try (rows) {
      assertThat(rows.next()).isTrue();
      return rows.getString(1);
    }
  }
}
