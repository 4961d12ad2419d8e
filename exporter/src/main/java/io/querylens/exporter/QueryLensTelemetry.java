package io.querylens.exporter;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.querylens.core.log.AgentLog;
import io.querylens.core.stats.ObservedStatements;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK, built from the standard configuration ({@code OTEL_*} variables and {@code
 * otel.*} properties: service name, resource, exporters, protocols, endpoints, intervals) and kept
 * private to the agent: it is never registered as the application's global OpenTelemetry.
 */
public final class QueryLensTelemetry {

  /** How long the JVM's exit waits for each signal's last export. */
  private static final long SHUTDOWN_STEP_MILLIS = 5_000;

  /** A flush answered this fast was skipped (an export in flight), not tried. */
  private static final long SKIPPED_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private static final long BUSY_RETRY_MILLIS = 100;

  private final OpenTelemetrySdk sdk;
  private final StatementObserver statements;
  private final ObservedStatements statistics;

  private QueryLensTelemetry(
      OpenTelemetrySdk sdk, StatementObserver statements, ObservedStatements statistics) {
    this.sdk = sdk;
    this.statements = statements;
    this.statistics = statistics;
  }

  /**
   * Builds the SDK. A configuration the SDK rejects (an unknown exporter, a malformed endpoint) is
   * told in one line and leaves QueryLens exporting nothing; the application is never stopped.
   *
   * @param metricProducers producers of metrics read elsewhere (the PostgreSQL sampler's), exported
   *     with the SDK's own
   * @param statistics where each statement shape's executions and latencies are counted
   */
  public static QueryLensTelemetry start(
      String agentVersion, List<MetricProducer> metricProducers, ObservedStatements statistics) {
    try {
      AutoConfiguredOpenTelemetrySdk configured =
          AutoConfiguredOpenTelemetrySdk.builder()
              .setServiceClassLoader(QueryLensTelemetry.class.getClassLoader())
              .disableShutdownHook()
              .addResourceCustomizer(
                  (resource, config) -> DefaultServiceName.applyTo(resource, agentVersion))
              .addMeterProviderCustomizer(
                  (builder, config) -> {
                    metricProducers.forEach(builder::registerMetricProducer);
                    return builder;
                  })
              .build();
      OpenTelemetrySdk sdk = configured.getOpenTelemetrySdk();
      QueryLensTelemetry telemetry =
          new QueryLensTelemetry(
              sdk, new OtelStatementObserver(sdk, agentVersion, statistics), statistics);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> telemetry.shutdown(SHUTDOWN_STEP_MILLIS), "querylens-shutdown"));
      return telemetry;
    } catch (ConfigurationException e) {
      AgentLog.warn(
          "invalid OpenTelemetry configuration, QueryLens exports nothing: "
              + ExporterChoices.explain(e.getMessage()));
      return disabled(statistics);
    }
  }

  /** Exports nothing and records nothing. */
  public static QueryLensTelemetry disabled(ObservedStatements statistics) {
    return new QueryLensTelemetry(null, StatementObserver.NOOP, statistics);
  }

  /** The statement shapes seen in this process, with their latencies, for the advisor. */
  public ObservedStatements statistics() {
    return statistics;
  }

  public StatementObserver statements() {
    return statements;
  }

  public OpenTelemetry openTelemetry() {
    return sdk == null ? OpenTelemetry.noop() : sdk;
  }

  /**
   * Flushes and stops the exporters, waiting at most {@code stepMillis} for each signal. Metrics go
   * last: the span and log processors count what they exported and dropped while they flush, and
   * those counts must reach the final metric export rather than die with the process.
   */
  public void shutdown(long stepMillis) {
    if (sdk == null) {
      return;
    }
    sdk.getSdkTracerProvider().shutdown().join(stepMillis, TimeUnit.MILLISECONDS);
    sdk.getSdkLoggerProvider().shutdown().join(stepMillis, TimeUnit.MILLISECONDS);
    flushMetrics(stepMillis);
    sdk.getSdkMeterProvider().shutdown().join(stepMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * The metric reader skips a flush, its final one included, while a periodic export is still in
   * flight (a collector answering slowly): the counts of what was dropped would die with the
   * process. So flush until one flush is not skipped, for at most {@code stepMillis}.
   */
  private void flushMetrics(long stepMillis) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stepMillis);
    while (true) {
      long started = System.nanoTime();
      long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - started);
      if (remainingMillis <= 0) {
        return;
      }
      CompletableResultCode flushed =
          sdk.getSdkMeterProvider().forceFlush().join(remainingMillis, TimeUnit.MILLISECONDS);
      if (flushed.isSuccess() || System.nanoTime() - started > SKIPPED_FLUSH_NANOS) {
        return; // exported, or tried and failed: the shutdown's own export tries once more
      }
      try {
        Thread.sleep(BUSY_RETRY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
