package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.stats.ObservedStatements;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

class ReturnedRowsTest {

  private static final AttributeKey<Long> RETURNED_ROWS =
      AttributeKey.longKey("db.response.returned_rows");

  private final ObservedStatements statistics = new ObservedStatements(100);
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();
  private final ConnectionFacts shop = new ConnectionFacts("postgresql", "shop", "db", 5432);

  @Test
  void theRowsReadAreOnTheSpanWhoseTimesStayThoseOfTheExecuteCall() throws Exception {
    OtelStatementObserver observer = queuedObserver();
    try {
      Object scope = start(observer, "SELECT * FROM orders WHERE customer_id = 1");
      assertThat(observer.awaitRows(scope)).isTrue();
      observer.end(scope, null);
      long executeReturned = System.currentTimeMillis();
      Thread.sleep(30); // the application reads its rows

      observer.flush();
      assertThat(spans.getFinishedSpanItems()).as("waits for its rows").isEmpty();

      observer.rowsRead(scope, 3);
      observer.flush();

      SpanData span = spans.getFinishedSpanItems().get(0);
      assertThat(span.getAttributes().get(RETURNED_ROWS)).isEqualTo(3L);
      assertThat(span.getEndEpochNanos() / 1_000_000).isLessThanOrEqualTo(executeReturned);
    } finally {
      observer.close();
    }
  }

  @Test
  void anExecutionReturningNoResultSetHasNoReturnedRows() {
    OtelStatementObserver observer = inPlaceObserver();

    observer.end(start(observer, "UPDATE orders SET paid = true WHERE id = 7"), null);

    assertThat(spans.getFinishedSpanItems())
        .singleElement()
        .satisfies(span -> assertThat(span.getAttributes().get(RETURNED_ROWS)).isNull());
    assertThat(returnedRowsHistogram()).isNull();
  }

  @Test
  void theReturnedRowsHistogramHasAPointPerShapeWithTheDurationsAttributes() {
    OtelStatementObserver observer = inPlaceObserver();
    for (long rows : new long[] {0, 4, 12}) {
      Object scope = start(observer, "SELECT * FROM lines WHERE order_id = " + rows);
      observer.awaitRows(scope);
      observer.end(scope, null);
      observer.rowsRead(scope, rows);
    }

    MetricData histogram = returnedRowsHistogram();
    assertThat(histogram.getUnit()).isEqualTo("{row}");
    HistogramPointData point = histogram.getHistogramData().getPoints().iterator().next();
    assertThat(histogram.getHistogramData().getPoints()).hasSize(1);
    assertThat(point.getCount()).isEqualTo(3);
    assertThat(point.getSum()).isEqualTo(16.0);
    assertThat(point.getMax()).isEqualTo(12.0);
    assertThat(point.getAttributes()).isEqualTo(durationPointAttributes());
  }

  @Test
  void anExecutionWhoseRowsNeverComeIsRecordedWithoutThemAfterTheWaitAndCounted() {
    List<StatementExecution> recorded = new ArrayList<>();
    long[] now = {0};
    LongAdder withoutRows = new LongAdder();
    RowsAwaited awaited = new RowsAwaited(recorded::add, () -> now[0], withoutRows);
    StatementExecution leaked = endedAt(0);
    StatementExecution read = endedAt(0);

    awaited.record(leaked);
    awaited.record(read);
    read.rowsRead(2);
    awaited.drained();
    assertThat(recorded).containsExactly(read);

    now[0] = RowsAwaited.WAIT_NANOS + TimeUnit.MILLISECONDS.toNanos(1);
    awaited.drained();

    assertThat(recorded).containsExactly(read, leaked);
    assertThat(leaked.returnedRows).isEqualTo(StatementExecution.NO_ROWS);
    assertThat(withoutRows.sum()).isEqualTo(1);
  }

  @Test
  void pastItsCapacityTheOldestWaitingExecutionIsRecordedWithoutRows() {
    List<StatementExecution> recorded = new ArrayList<>();
    LongAdder withoutRows = new LongAdder();
    RowsAwaited awaited = new RowsAwaited(recorded::add, () -> 0L, withoutRows);
    StatementExecution oldest = endedAt(0);
    awaited.record(oldest);
    for (int i = 1; i < RowsAwaited.CAPACITY; i++) {
      awaited.record(endedAt(0));
    }
    assertThat(recorded).isEmpty();

    awaited.record(endedAt(0));

    assertThat(recorded).containsExactly(oldest);
    assertThat(withoutRows.sum()).isEqualTo(1);
  }

  @Test
  void whatStillWaitsWhenTheQueueClosesIsRecordedWithoutRows() {
    List<StatementExecution> recorded = new ArrayList<>();
    LongAdder withoutRows = new LongAdder();
    RowsAwaited awaited = new RowsAwaited(recorded::add, () -> 0L, withoutRows);
    StatementExecution waiting = endedAt(0);
    awaited.record(waiting);

    awaited.closing();

    assertThat(recorded).containsExactly(waiting);
    assertThat(withoutRows.sum()).isEqualTo(1);
  }

  private static StatementExecution endedAt(long endNanos) {
    StatementExecution execution =
        new StatementExecution(null, endNanos - 1, StatementObserver.NOT_A_BATCH);
    execution.awaitRows();
    execution.ended(endNanos, null);
    return execution;
  }

  private Object start(OtelStatementObserver observer, String sql) {
    return observer.start(shop, SqlFingerprinter.shape(sql), StatementObserver.NOT_A_BATCH, false);
  }

  private OtelStatementObserver inPlaceObserver() {
    return new OtelStatementObserver(
        new ExecutionRecorder(sdk, "test", SpanSampling.EVERY_EXECUTION), statistics);
  }

  private OtelStatementObserver queuedObserver() {
    OtelStatementObserver queued = OtelStatementObserver.queued(statistics);
    queued.recordWith(new ExecutionRecorder(sdk, "test", SpanSampling.EVERY_EXECUTION));
    return queued;
  }

  private MetricData returnedRowsHistogram() {
    return metrics.collectAllMetrics().stream()
        .filter(metric -> metric.getName().equals("db.client.response.returned_rows"))
        .findFirst()
        .orElse(null);
  }

  private io.opentelemetry.api.common.Attributes durationPointAttributes() {
    return metrics.collectAllMetrics().stream()
        .filter(metric -> metric.getName().equals("db.client.operation.duration"))
        .findFirst()
        .orElseThrow()
        .getHistogramData()
        .getPoints()
        .iterator()
        .next()
        .getAttributes();
  }
}
