package io.querylens.it.rows;

import static io.querylens.it.support.OtlpAttributes.attr;
import static io.querylens.it.support.OtlpAttributes.longAttr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.ReturnedRowsApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code db.response.returned_rows} equals what the application read, against real PostgreSQL
 * through pgjdbc and through HikariCP's proxies: read to the end, read partly and closed, scrolled,
 * prepared, fetched with {@code getResultSet()} after {@code execute} (of two result sets, the
 * first's); an update has none. The histogram holds the same counts; with rows off nothing has the
 * attribute.
 */
class ReturnedRowsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String RETURNED_ROWS = "db.response.returned_rows";

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;

  @BeforeAll
  static void startPostgresAndReceiver() {
    postgres = EmbeddedPostgresServer.start(18);
    receiver = OtlpReceiver.start();
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void forgetEarlierTelemetry() {
    receiver.reset();
  }

  @Test
  void eachQuerysSpanCarriesTheRowsTheApplicationReadAndAnUpdateNone() {
    Map<String, Long> read = readByStatement(app().run().requireSuccess().stdout());
    assertThat(read)
        .containsEntry(ReturnedRowsApp.FULL, 10L)
        .containsEntry(ReturnedRowsApp.PARTIAL, 3L)
        .containsEntry(ReturnedRowsApp.SCROLLED, 3L)
        .containsEntry(ReturnedRowsApp.PREPARED, 4L)
        .containsEntry(ReturnedRowsApp.POOLED, 6L)
        .containsEntry(ReturnedRowsApp.EXECUTED, 10L)
        .containsEntry(ReturnedRowsApp.TWO_RESULTS, 4L)
        .containsEntry(ReturnedRowsApp.EXECUTED_PREPARED, 2L)
        .containsEntry(ReturnedRowsApp.POOLED_EXECUTED, 3L);

    for (Map.Entry<String, Long> statement : read.entrySet()) {
      Span span =
          receiver.awaitSpan(s -> statement.getKey().equals(attr(s, "db.query.text")), WAIT);
      if (statement.getKey().equals(ReturnedRowsApp.UPDATE)) {
        assertThat(longAttr(span, RETURNED_ROWS)).as("an update").isNull();
      } else {
        assertThat(longAttr(span, RETURNED_ROWS))
            .as("rows read of %s", statement.getKey())
            .isEqualTo(statement.getValue());
      }
    }
    // The pool's statement is one span: the driver's result set inside the proxy counts nothing.
    assertThat(receiver.spans())
        .filteredOn(s -> ReturnedRowsApp.POOLED.equals(attr(s, "db.query.text")))
        .hasSize(1);
    assertThat(receiver.spans())
        .filteredOn(s -> ReturnedRowsApp.POOLED_EXECUTED.equals(attr(s, "db.query.text")))
        .hasSize(1);
  }

  @Test
  void theReturnedRowsHistogramCountsTheSameRowsPerShape() {
    Map<String, Long> read = readByStatement(app().run().requireSuccess().stdout());
    read.remove(ReturnedRowsApp.TWO_RESULTS); // a summary of its own: two statements
    long queries = read.keySet().stream().filter(sql -> sql.startsWith("SELECT")).count();
    long rows =
        read.entrySet().stream()
            .filter(entry -> entry.getKey().startsWith("SELECT"))
            .mapToLong(Map.Entry::getValue)
            .sum();

    Metric histogram = awaitHistogramCount(queries);

    assertThat(histogram.getUnit()).isEqualTo("{row}");
    List<HistogramDataPoint> points =
        histogram.getHistogram().getDataPointsList().stream()
            .filter(point -> "SELECT rows_items".equals(attr(point, "db.query.summary")))
            .toList();
    assertThat(points.stream().mapToLong(HistogramDataPoint::getCount).sum()).isEqualTo(queries);
    assertThat(points.stream().mapToDouble(HistogramDataPoint::getSum).sum()).isEqualTo(rows);
    assertThat(points)
        .allSatisfy(
            point -> {
              assertThat(attr(point, "querylens.query.fingerprint")).isNotNull();
              assertThat(attr(point, "db.system.name")).isEqualTo("postgresql");
            });
  }

  @Test
  void withRowsOffNoSpanCarriesReturnedRows() {
    app()
        .systemProperty("otel.instrumentation.querylens.rows.enabled", "false")
        .run()
        .requireSuccess();

    receiver.awaitSpan(s -> ReturnedRowsApp.POOLED.equals(attr(s, "db.query.text")), WAIT);
    assertThat(receiver.spans()).isNotEmpty().allMatch(s -> longAttr(s, RETURNED_ROWS) == null);
  }

  private static ForkedJvm app() {
    return ForkedJvm.main(ReturnedRowsApp.class.getName())
        .sampleAppClasspath()
        .javaagent(ForkedJvm.agentJar())
        .args(postgres.jdbcUrl(), postgres.user(), "unused")
        .systemProperties(receiver.exporterSettings(Transport.HTTP))
        .systemProperty("otel.bsp.schedule.delay", "200")
        .systemProperty("otel.metric.export.interval", "500")
        .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false");
  }

  /** The statements the application ran, each with the rows it printed having read. */
  private static Map<String, Long> readByStatement(String stdout) {
    Map<String, Long> read = new LinkedHashMap<>();
    stdout
        .lines()
        .filter(line -> line.startsWith("READ "))
        .forEach(
            line -> {
              String[] parts = line.split(" ", 3);
              read.put(parts[2], Long.parseLong(parts[1]));
            });
    return read;
  }

  private static Metric awaitHistogramCount(long count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      Metric latest = receiver.awaitLatestExport("db.client.response.returned_rows", WAIT);
      long counted =
          latest.getHistogram().getDataPointsList().stream()
              .mapToLong(HistogramDataPoint::getCount)
              .sum();
      if (counted >= count || System.nanoTime() > deadline) {
        return latest;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
