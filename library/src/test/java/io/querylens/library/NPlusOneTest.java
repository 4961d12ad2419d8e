package io.querylens.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Library mode finds N+1 loops as the agent does: inside the application's span, naming that span
 * (of its own SDK, or of Micrometer's bridge to it, as Spring Boot traces); outside any trace,
 * inside one database transaction begun and committed through the wrapped connection; and never in
 * autocommit mode without a trace.
 */
class NPlusOneTest {

  private static final String EVENT = "querylens.finding.n_plus_one";
  private static final int ORDERS = 12;

  private LibraryTelemetry telemetry;
  private QueryLens queryLens;
  private DataSource dataSource;

  @BeforeAll
  static void createTables() throws SQLException {
    try (Connection connection = EmbeddedPostgresDatabase.dataSource().getConnection();
        Statement setup = connection.createStatement()) {
      setup.execute("CREATE TABLE IF NOT EXISTS lib_orders (id int PRIMARY KEY)");
      setup.execute("CREATE TABLE IF NOT EXISTS lib_lines (order_id int, qty int)");
      setup.execute("TRUNCATE lib_orders, lib_lines");
      setup.execute("INSERT INTO lib_orders SELECT generate_series(1, " + ORDERS + ")");
      setup.execute("INSERT INTO lib_lines SELECT id, 1 FROM lib_orders");
    }
  }

  @BeforeEach
  void wrap() {
    telemetry = new LibraryTelemetry();
    queryLens = QueryLens.builder().openTelemetry(telemetry.sdk).sampler(false).build();
    dataSource = queryLens.wrapDataSource(EmbeddedPostgresDatabase.dataSource());
  }

  @AfterEach
  void close() {
    queryLens.close();
  }

  @Test
  void aLoopInsideTheApplicationsSpanIsAFindingNamingThatSpan() throws SQLException {
    Span request = telemetry.sdk.getTracer("app").spanBuilder("GET /orders").startSpan();
    try (Scope ignored = request.makeCurrent();
        Connection connection = dataSource.getConnection()) {
      readWithLoop(connection);
    } finally {
      request.end();
    }

    queryLens.close(); // tells every loop still followed

    assertThat(findings())
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(evidence(finding, "keyed_by")).isEqualTo("trace");
              assertThat(evidence(finding, "trace_id"))
                  .isEqualTo(request.getSpanContext().getTraceId());
              assertThat(evidence(finding, "parent_span_name")).isEqualTo("GET /orders");
              assertThat(evidence(finding, "statement")).isEqualTo("SELECT lib_lines");
            });
  }

  /** Spring Boot's tracing: an observation's span, made by Micrometer's OpenTelemetry bridge. */
  @Test
  void aLoopInsideAMicrometerSpanIsAFindingNamingThatSpan() throws SQLException {
    OtelCurrentTraceContext context = new OtelCurrentTraceContext();
    Tracer micrometer = new OtelTracer(telemetry.sdk.getTracer("spring"), context, event -> {});
    io.micrometer.tracing.Span request = micrometer.nextSpan().name("http get /orders").start();
    try (Tracer.SpanInScope ignored = micrometer.withSpan(request);
        Connection connection = dataSource.getConnection()) {
      readWithLoop(connection);
    } finally {
      request.end();
    }

    queryLens.close();

    assertThat(findings())
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(evidence(finding, "trace_id")).isEqualTo(request.context().traceId());
              assertThat(evidence(finding, "parent_span_name")).isEqualTo("http get /orders");
            });
  }

  @Test
  void withNoTraceALoopInOneTransactionIsAFindingKeyedByIt() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      readWithLoop(connection);
      connection.commit();
      connection.setAutoCommit(true);
    }

    queryLens.close();

    assertThat(findings())
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(evidence(finding, "keyed_by")).isEqualTo("transaction");
              assertThat(
                      finding
                          .getAttributes()
                          .get(AttributeKey.longKey("querylens.finding.evidence.executions")))
                  .isEqualTo((long) ORDERS);
              assertThat(evidence(finding, "driving_statement")).isEqualTo("SELECT lib_orders");
              assertThat(evidence(finding, "trace_id")).isNull();
            });
  }

  @Test
  void withNoTraceTheSameLoopInAutocommitModeIsNone() throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      readWithLoop(connection);
    }

    queryLens.close();

    assertThat(findings()).isEmpty();
  }

  /** The orders first, then each one's lines: the loop an ORM's lazy loading makes. */
  private static void readWithLoop(Connection connection) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (PreparedStatement orders = connection.prepareStatement("SELECT id FROM lib_orders");
        ResultSet rows = orders.executeQuery()) {
      while (rows.next()) {
        ids.add(rows.getInt(1));
      }
    }
    try (PreparedStatement lines =
        connection.prepareStatement("SELECT qty FROM lib_lines WHERE order_id = ?")) {
      for (int id : ids) {
        lines.setInt(1, id);
        try (ResultSet rows = lines.executeQuery()) {
          while (rows.next()) {
            rows.getInt(1);
          }
        }
      }
    }
  }

  private List<LogRecordData> findings() {
    return telemetry.logs.getFinishedLogRecordItems().stream()
        .filter(record -> EVENT.equals(record.getEventName()))
        .toList();
  }

  private static String evidence(LogRecordData finding, String key) {
    return finding.getAttributes().get(AttributeKey.stringKey("querylens.finding.evidence." + key));
  }
}
