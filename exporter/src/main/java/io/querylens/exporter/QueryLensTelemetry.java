package io.querylens.exporter;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;
import io.querylens.core.log.AgentLog;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The OpenTelemetry SDK, built from the standard configuration ({@code OTEL_*} variables and {@code
 * otel.*} properties: service name, resource, exporters, protocols, endpoints, intervals) and kept
 * private to the agent: it is never registered as the application's global OpenTelemetry.
 */
public final class QueryLensTelemetry {

  private final OpenTelemetrySdk sdk;
  private final StatementObserver statements;

  private QueryLensTelemetry(OpenTelemetrySdk sdk, StatementObserver statements) {
    this.sdk = sdk;
    this.statements = statements;
  }

  /**
   * Builds the SDK. A configuration the SDK rejects (an unknown exporter, a malformed endpoint) is
   * told in one line and leaves QueryLens exporting nothing; the application is never stopped.
   *
   * @param metricProducers producers of metrics read elsewhere (the PostgreSQL sampler's), exported
   *     with the SDK's own
   */
  public static QueryLensTelemetry start(
      String agentVersion, List<MetricProducer> metricProducers) {
    try {
      AutoConfiguredOpenTelemetrySdk configured =
          AutoConfiguredOpenTelemetrySdk.builder()
              .setServiceClassLoader(QueryLensTelemetry.class.getClassLoader())
              .addResourceCustomizer(
                  (resource, config) -> DefaultServiceName.applyTo(resource, agentVersion))
              .addMeterProviderCustomizer(
                  (builder, config) -> {
                    metricProducers.forEach(builder::registerMetricProducer);
                    return builder;
                  })
              .build();
      OpenTelemetrySdk sdk = configured.getOpenTelemetrySdk();
      return new QueryLensTelemetry(sdk, new OtelStatementObserver(sdk, agentVersion));
    } catch (ConfigurationException e) {
      AgentLog.warn(
          "invalid OpenTelemetry configuration, QueryLens exports nothing: " + e.getMessage());
      return disabled();
    }
  }

  /** Exports nothing and records nothing. */
  public static QueryLensTelemetry disabled() {
    return new QueryLensTelemetry(null, StatementObserver.NOOP);
  }

  public StatementObserver statements() {
    return statements;
  }

  public OpenTelemetry openTelemetry() {
    return sdk == null ? OpenTelemetry.noop() : sdk;
  }

  public Resource resource() {
    return DefaultServiceName.lastResource();
  }

  /** Flushes and stops the exporters, waiting at most {@code timeoutMillis}. */
  public void shutdown(long timeoutMillis) {
    if (sdk != null) {
      sdk.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS);
    }
  }
}
