package io.querylens.library;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The application's own OpenTelemetry SDK, as a test builds it, with in-memory exporters: library
 * mode records into it. Statements are recorded on QueryLens's own thread, so reads wait for them.
 */
final class LibraryTelemetry {

  private static final Duration WAIT = Duration.ofSeconds(10);

  final InMemorySpanExporter spans = InMemorySpanExporter.create();
  final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  final OpenTelemetrySdk sdk;

  LibraryTelemetry() {
    this(List.of());
  }

  /** With {@code producers} registered on the meter provider, as an application registers them. */
  LibraryTelemetry(List<MetricProducer> producers) {
    SdkMeterProviderBuilder meters = SdkMeterProvider.builder().registerMetricReader(metrics);
    producers.forEach(meters::registerMetricProducer);
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setMeterProvider(meters.build())
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                    .build())
            .build();
  }

  /** The first span {@code matching}, waiting for it to be recorded. */
  SpanData awaitSpan(Predicate<SpanData> matching) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<SpanData> found = spans.getFinishedSpanItems().stream().filter(matching).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      pause();
    }
    throw new AssertionError("no such span within " + WAIT + "; spans: " + spanNames());
  }

  /** The spans {@code matching} once at least {@code count} are there. */
  List<SpanData> awaitSpans(Predicate<SpanData> matching, int count) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<SpanData> found = List.of();
    while (System.nanoTime() < deadline) {
      found = spans.getFinishedSpanItems().stream().filter(matching).toList();
      if (found.size() >= count) {
        return found;
      }
      pause();
    }
    return found;
  }

  /** The metric named {@code name} at its next collection, waiting until it has one. */
  MetricData awaitMetric(String name, Predicate<MetricData> ready) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<MetricData> found =
          metrics.collectAllMetrics().stream()
              .filter(m -> m.getName().equals(name))
              .filter(ready)
              .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      pause();
    }
    throw new AssertionError("no metric " + name + " within " + WAIT);
  }

  private List<String> spanNames() {
    return spans.getFinishedSpanItems().stream().map(SpanData::getName).toList();
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
