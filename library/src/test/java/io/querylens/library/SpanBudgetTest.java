package io.querylens.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The span budget applies in library mode as under the agent: outside any application span, a shape
 * gets its spans a second and no more; every execution is still a point of the histogram, and the
 * withheld ones are counted.
 */
class SpanBudgetTest {

  private static final AttributeKey<String> SUMMARY = AttributeKey.stringKey("db.query.summary");
  private static final int EXECUTIONS = 20;

  private static LibraryTelemetry telemetry;
  private static QueryLens queryLens;

  @BeforeAll
  static void start() {
    telemetry = new LibraryTelemetry();
    queryLens =
        QueryLens.builder()
            .openTelemetry(telemetry.sdk)
            .sampler(false)
            .setting("otel.instrumentation.querylens.spans.per-shape-per-second", "1")
            .build();
  }

  @AfterAll
  static void stop() {
    queryLens.close();
  }

  @Test
  void aShapeRunOftenGetsItsBudgetOfSpansAndEveryExecutionInTheHistogram() throws SQLException {
    DataSource dataSource = queryLens.wrapDataSource(EmbeddedPostgresDatabase.dataSource());
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement("SELECT relname FROM pg_class WHERE oid = ?")) {
      for (int i = 0; i < EXECUTIONS; i++) {
        statement.setInt(1, i);
        statement.executeQuery().close();
      }
    }

    MetricData histogram =
        telemetry.awaitMetric(
            "db.client.operation.duration", m -> countOf(m, "SELECT pg_class") == EXECUTIONS);
    assertThat(countOf(histogram, "SELECT pg_class")).isEqualTo(EXECUTIONS);
    // Each execution is either a span or counted over budget, once it is recorded.
    MetricData overBudget =
        telemetry.awaitMetric(
            "querylens.spans.over_budget", m -> sumOf(m) + spans().size() == EXECUTIONS);
    assertThat(spans()).isNotEmpty().hasSizeLessThan(EXECUTIONS);
    assertThat(sumOf(overBudget)).isEqualTo(EXECUTIONS - spans().size());
  }

  private static List<SpanData> spans() {
    return telemetry.spans.getFinishedSpanItems().stream()
        .filter(s -> "SELECT pg_class".equals(s.getName()))
        .toList();
  }

  private static long countOf(MetricData histogram, String summary) {
    return histogram.getHistogramData().getPoints().stream()
        .filter(p -> summary.equals(p.getAttributes().get(SUMMARY)))
        .mapToLong(HistogramPointData::getCount)
        .sum();
  }

  private static long sumOf(MetricData counter) {
    return counter.getLongSumData().getPoints().stream().mapToLong(LongPointData::getValue).sum();
  }
}
