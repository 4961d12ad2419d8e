package io.querylens.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.metrics.data.MetricData;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A wrapped {@code DataSource} hides how it connects, yet the sampler finds the server: from the
 * first connection's URL and user name and the driver {@code DriverManager} has for that URL. Seen
 * where a DBA would see it, in pg_stat_statements: the sampler's own catalog queries run; and its
 * metrics reach the application's own meter provider through the producer the builder handed out.
 */
class SamplerDiscoveryTest {

  private static LibraryTelemetry telemetry;
  private static QueryLens queryLens;

  @BeforeAll
  static void start() throws SQLException {
    try (Connection connection = EmbeddedPostgresDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      statement.execute("SELECT pg_stat_statements_reset()");
    }
    // As an application with its own SDK does: the producer goes in before the SDK is built.
    QueryLens.Builder builder = QueryLens.builder();
    telemetry = new LibraryTelemetry(List.of(builder.postgresMetrics()));
    queryLens =
        builder
            .openTelemetry(telemetry.sdk)
            .sampler(true)
            .setting("otel.instrumentation.querylens.sampler.interval", "1s")
            .build();
  }

  @AfterAll
  static void stop() {
    queryLens.close();
  }

  @Test
  void theSamplerSamplesTheServerTheWrappedDataSourceConnectsTo() throws Exception {
    DataSource wrapped = queryLens.wrapDataSource(EmbeddedPostgresDatabase.dataSource());
    try (Connection connection = wrapped.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    }

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    long samplerQueries = 0;
    while (samplerQueries == 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      samplerQueries = samplerQueries();
    }
    assertThat(samplerQueries).as("sampler queries in pg_stat_statements").isPositive();
  }

  @Test
  void theSamplersMetricsReachTheApplicationsMeterProviderThroughTheHandedOutProducer()
      throws SQLException {
    DataSource wrapped = queryLens.wrapDataSource(EmbeddedPostgresDatabase.dataSource());
    try (Connection connection = wrapped.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS sampled_orders (id int)");
    }

    MetricData tableSize = telemetry.awaitMetric("postgresql.table.size", m -> true);
    assertThat(tableSize.getInstrumentationScopeInfo().getName())
        .isEqualTo("io.querylens.postgresql");
  }

  private static long samplerQueries() throws SQLException {
    try (Connection connection = EmbeddedPostgresDatabase.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                // Literals are normalized away in pg_stat_statements, so this query is not counted.
                "SELECT count(*) FROM pg_stat_statements WHERE query LIKE '%/* querylens */%'"
                    + " AND query NOT LIKE '%count(*) FROM pg_stat_statements%'")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
