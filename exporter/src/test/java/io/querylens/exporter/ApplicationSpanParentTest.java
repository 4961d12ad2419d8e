package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.sql.StatementShape;
import io.querylens.core.stats.ObservedStatements;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A statement run inside the application's own span becomes that span's child, and the span budget
 * never cuts a sampled trace. The "application" here traces with its own SDK; in this module its
 * API classes are the same as ours, which the agent jar's relocation separates (the integration
 * tests cover that).
 */
class ApplicationSpanParentTest {

  private final InMemorySpanExporter ours = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(ours))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();

  /** At most one root span a second per shape, and slow ones never: the budget is tight. */
  private final OtelStatementObserver observer =
      new OtelStatementObserver(
          new ExecutionRecorder(sdk, "test", new SpanSampling(1, Duration.ofHours(1))),
          new ObservedStatements(100));

  private final ConnectionFacts shop = new ConnectionFacts("postgresql", "shop", "db", 5432);
  private final StatementShape select = SqlFingerprinter.shape("SELECT * FROM orders WHERE id = ?");

  private final SdkTracerProvider applicationProvider =
      SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();
  private final SdkTracerProvider unsampledProvider =
      SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build();

  @AfterEach
  void closeApplicationProviders() {
    applicationProvider.close();
    unsampledProvider.close();
  }

  @Test
  void aStatementInsideTheApplicationsSpanIsItsChildWithItsTraceId() {
    Span request = applicationProvider.get("app").spanBuilder("GET /orders").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      runStatement(null);
    } finally {
      request.end();
    }

    SpanData statement = ours.getFinishedSpanItems().get(0);
    assertThat(statement.getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(statement.getParentSpanId()).isEqualTo(request.getSpanContext().getSpanId());
    assertThat(statement.getSpanContext().isSampled()).isTrue();
    assertThat(statement.getParentSpanContext().isRemote()).isFalse();
  }

  @Test
  void everyStatementOfASampledTraceGetsItsSpanWhateverTheBudgetAndSpendsNoneOfIt() {
    Span request = applicationProvider.get("app").spanBuilder("GET /orders").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      for (int i = 0; i < 5; i++) {
        runStatement(null);
      }
    } finally {
      request.end();
    }
    runStatement(null); // a root span: the shape's budget of one is still whole
    runStatement(null); // a second root span in the same second: over the budget

    assertThat(ours.getFinishedSpanItems()).hasSize(6);
    assertThat(ours.getFinishedSpanItems().subList(0, 5))
        .allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(spanId(request)));
    assertThat(ours.getFinishedSpanItems().get(5).getParentSpanContext().isValid()).isFalse();
    assertThat(metricSum("querylens.spans.over_budget")).isEqualTo(1);
    assertThat(histogramCount()).isEqualTo(7);
  }

  @Test
  void aStatementInsideAnUnsampledSpanHasNoSpanButIsCounted() {
    Span unsampled = unsampledProvider.get("app").spanBuilder("GET /health").startSpan();
    assertThat(unsampled.getSpanContext().isValid()).isTrue();
    try (Scope ignored = unsampled.makeCurrent()) {
      runStatement(null);
      runStatement(new SQLException("deadlock detected", "40P01"));
    } finally {
      unsampled.end();
    }

    assertThat(ours.getFinishedSpanItems()).isEmpty();
    assertThat(histogramCount()).isEqualTo(2);
    assertThat(metricSum("querylens.spans.over_budget")).isZero();
  }

  @Test
  void withoutAnApplicationSpanAStatementIsARootSpanAsBefore() {
    runStatement(null);

    SpanData statement = ours.getFinishedSpanItems().get(0);
    assertThat(statement.getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void aThreadWhoseClassLoaderHasNoOpenTelemetryApiGivesRootSpans() throws Exception {
    Span request = applicationProvider.get("app").spanBuilder("GET /orders").startSpan();
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader bare = new URLClassLoader(new URL[0], null);
        Scope ignored = request.makeCurrent()) {
      thread.setContextClassLoader(bare);
      runStatement(null);
    } finally {
      thread.setContextClassLoader(original);
      request.end();
    }

    assertThat(ours.getFinishedSpanItems().get(0).getParentSpanContext().isValid()).isFalse();
  }

  @Test
  void readingTheApplicationsSpanOnItsThreadAllocatesNothing() {
    ApplicationTracingFinder finder = ApplicationTracingFinder.standard();
    Span request = applicationProvider.get("app").spanBuilder("GET /orders").startSpan();

    long withoutSpan = allocatedBy(() -> captureRepeatedly(finder));
    long withSpan;
    try (Scope ignored = request.makeCurrent()) {
      withSpan = allocatedBy(() -> captureRepeatedly(finder));
    } finally {
      request.end();
    }

    // 100,000 captures: one object each would be well over a megabyte.
    assertThat(withoutSpan).isLessThan(10_000);
    assertThat(withSpan).isLessThan(10_000);
  }

  private static Object captureRepeatedly(ApplicationTracingFinder finder) {
    Object last = null;
    try {
      for (int i = 0; i < 100_000; i++) {
        last = finder.forCurrentThread().currentSpan();
      }
    } catch (Throwable t) {
      throw new AssertionError(t);
    }
    return last;
  }

  private static long allocatedBy(Supplier<Object> work) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    work.get(); // warm up: method handles compile their forms on first use
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    work.get();
    return threads.getThreadAllocatedBytes(thread) - before;
  }

  private void runStatement(Throwable error) {
    observer.end(observer.start(shop, select, StatementObserver.NOT_A_BATCH, false), error);
  }

  private static String spanId(Span span) {
    return span.getSpanContext().getSpanId();
  }

  private long histogramCount() {
    return metrics.collectAllMetrics().stream()
        .filter(metric -> metric.getName().equals("db.client.operation.duration"))
        .flatMap(metric -> metric.getHistogramData().getPoints().stream())
        .mapToLong(HistogramPointData::getCount)
        .sum();
  }

  private long metricSum(String name) {
    Collection<MetricData> all = metrics.collectAllMetrics();
    return all.stream()
        .filter(metric -> metric.getName().equals(name))
        .flatMap(metric -> metric.getLongSumData().getPoints().stream())
        .mapToLong(point -> point.getValue())
        .sum();
  }
}
