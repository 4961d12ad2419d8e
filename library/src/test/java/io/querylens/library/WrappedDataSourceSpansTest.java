package io.querylens.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
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
 * A {@code DataSource} wrapped by {@link QueryLens} against real PostgreSQL records what the agent
 * records: one CLIENT span per execution with the database conventions' attributes and our
 * fingerprint, the application's current span as its parent, batches, failures, and the duration
 * histogram, all through the application's own OpenTelemetry.
 */
class WrappedDataSourceSpansTest {

  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
  private static final AttributeKey<String> TEXT = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<String> SUMMARY = AttributeKey.stringKey("db.query.summary");
  private static final AttributeKey<String> FINGERPRINT =
      AttributeKey.stringKey("querylens.query.fingerprint");
  private static final AttributeKey<Long> BATCH_SIZE =
      AttributeKey.longKey("db.operation.batch.size");
  private static final AttributeKey<String> STATUS_CODE =
      AttributeKey.stringKey("db.response.status_code");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private static LibraryTelemetry telemetry;
  private static QueryLens queryLens;
  private static DataSource dataSource;

  @BeforeAll
  static void wrapTheDriversDataSource() {
    telemetry = new LibraryTelemetry();
    queryLens = QueryLens.builder().openTelemetry(telemetry.sdk).sampler(false).build();
    dataSource = queryLens.wrapDataSource(EmbeddedPostgresDatabase.dataSource());
  }

  @AfterAll
  static void close() {
    queryLens.close();
  }

  @Test
  void aStatementBecomesAClientSpanWithTheDatabaseAttributesAndTheSanitizedText()
      throws SQLException {
    run("CREATE TABLE accounts_spans (id int PRIMARY KEY, name text)");
    run("INSERT INTO accounts_spans VALUES (42, 'alice')");

    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM accounts_spans WHERE id = 42")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("alice");
    }

    SpanData span = telemetry.awaitSpan(s -> "SELECT accounts_spans".equals(s.getName()));
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes().get(SYSTEM)).isEqualTo("postgresql");
    assertThat(span.getAttributes().get(NAMESPACE)).isEqualTo("postgres");
    assertThat(span.getAttributes().get(TEXT))
        .isEqualTo("SELECT name FROM accounts_spans WHERE id = ?");
    assertThat(span.getAttributes().get(SUMMARY)).isEqualTo("SELECT accounts_spans");
    assertThat(span.getAttributes().get(FINGERPRINT)).matches("[0-9a-f]{16}");
    assertThat(span.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void aPreparedStatementRunInsideTheApplicationsSpanIsItsChild() throws SQLException {
    run("CREATE TABLE orders_parent (id int PRIMARY KEY)");
    Span request = telemetry.sdk.getTracer("test").spanBuilder("GET /orders").startSpan();
    try (Scope ignored = request.makeCurrent();
        Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT id FROM orders_parent WHERE id = ?")) {
      statement.setInt(1, 7);
      statement.executeQuery().close();
    } finally {
      request.end();
    }

    SpanData span = telemetry.awaitSpan(s -> "SELECT orders_parent".equals(s.getName()));
    assertThat(span.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(span.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(span.getAttributes().get(TEXT))
        .isEqualTo("SELECT id FROM orders_parent WHERE id = ?");
  }

  @Test
  void aBatchIsOneSpanWithItsSize() throws SQLException {
    run("CREATE TABLE items_batch (id int PRIMARY KEY)");
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO items_batch VALUES (?)")) {
      for (int id = 1; id <= 3; id++) {
        insert.setInt(1, id);
        insert.addBatch();
      }
      assertThat(insert.executeBatch()).containsExactly(1, 1, 1);
    }

    SpanData span =
        telemetry.awaitSpan(
            s -> s.getName().contains("INSERT items_batch") && s.getName().startsWith("BATCH"));
    assertThat(span.getAttributes().get(BATCH_SIZE)).isEqualTo(3L);
  }

  @Test
  void aFailedStatementThrowsTheDriversExceptionAndIsAnErrorSpan() throws SQLException {
    SQLException thrown;
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      thrown =
          (SQLException)
              org.assertj.core.api.Assertions.catchThrowable(
                  () -> statement.execute("SELECT * FROM no_such_table_here"));
    }
    assertThat(thrown.getClass().getName()).isEqualTo("org.postgresql.util.PSQLException");
    assertThat(thrown.getSQLState()).isEqualTo("42P01");

    SpanData span = telemetry.awaitSpan(s -> "SELECT no_such_table_here".equals(s.getName()));
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(STATUS_CODE)).isEqualTo("42P01");
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("org.postgresql.util.PSQLException");
  }

  @Test
  void everyExecutionIsAPointOfTheDurationHistogram() throws SQLException {
    run("CREATE TABLE histogram_rows (id int)");
    for (int i = 0; i < 5; i++) {
      run("SELECT count(*) FROM histogram_rows");
    }

    MetricData histogram =
        telemetry.awaitMetric(
            "db.client.operation.duration", m -> countOf(m, "SELECT histogram_rows") >= 5);
    assertThat(histogram.getUnit()).isEqualTo("s");
    assertThat(countOf(histogram, "SELECT histogram_rows")).isEqualTo(5);
  }

  @Test
  void theApplicationsOwnSqlExceptionPassesUnchanged() {
    assertThatThrownBy(
            () -> {
              try (Connection connection = dataSource.getConnection()) {
                connection.prepareStatement("SELEKT 1").execute();
              }
            })
        .isInstanceOf(SQLException.class)
        .hasFieldOrPropertyWithValue("SQLState", "42601");
  }

  private static long countOf(MetricData histogram, String summary) {
    return histogram.getHistogramData().getPoints().stream()
        .filter(p -> summary.equals(p.getAttributes().get(SUMMARY)))
        .mapToLong(HistogramPointData::getCount)
        .sum();
  }

  private static void run(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
