package io.querylens.benchmarks.overhead;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP (protobuf) receiver on 127.0.0.1 that counts exactly what it is sent: spans,
 * database spans, metric data points, the {@code db.client.operation.duration} histogram's count,
 * and the spans the exporter says it dropped ({@code processedSpans{dropped=true}}, or the newer
 * {@code otel.sdk.processor.span.processed} with an {@code error.type}). One run at a time: {@link
 * #reset()} before a workload JVM starts, {@link #snapshot()} after it exits.
 */
public final class OtlpCounter implements AutoCloseable {

  static final String DURATION_METRIC = "db.client.operation.duration";

  private final HttpServer server;
  private long requests;
  private long rejected;
  private long spans;
  private long databaseSpans;
  private long metricPoints;
  private long logRecords;

  /**
   * Cumulative series are re-sent at every export: keep the latest point per series (metric name
   * and attributes) and sum those; delta points are summed as they come.
   */
  private final Map<String, long[]> durationCount = new HashMap<>();

  private final Map<String, long[]> droppedSpans = new HashMap<>();

  /** QueryLens's executions whose span their shape's per-second budget withheld. */
  private final Map<String, long[]> overBudgetSpans = new HashMap<>();

  public OtlpCounter() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(2, daemon()));
    server.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public synchronized void reset() {
    requests = 0;
    rejected = 0;
    spans = 0;
    databaseSpans = 0;
    metricPoints = 0;
    logRecords = 0;
    durationCount.clear();
    droppedSpans.clear();
    overBudgetSpans.clear();
  }

  public synchronized Received snapshot() {
    return new Received(
        requests,
        rejected,
        spans,
        databaseSpans,
        metricPoints,
        logRecords,
        sumOfLatest(durationCount),
        sumOfLatest(droppedSpans),
        sumOfLatest(overBudgetSpans),
        !durationCount.isEmpty(),
        !droppedSpans.isEmpty());
  }

  /** What one workload JVM sent. {@code -1} nowhere: absent series are told by the booleans. */
  public record Received(
      long requests,
      long rejected,
      long spans,
      long databaseSpans,
      long metricPoints,
      long logRecords,
      long durationHistogramCount,
      long droppedSpans,
      long overBudgetSpans,
      boolean durationMetricSeen,
      boolean dropCounterSeen) {}

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = readBody(exchange);
      byte[] response;
      try {
        switch (exchange.getRequestURI().getPath()) {
          case "/v1/traces":
            count(ExportTraceServiceRequest.parseFrom(body));
            response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            break;
          case "/v1/metrics":
            count(ExportMetricsServiceRequest.parseFrom(body));
            response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
            break;
          case "/v1/logs":
            count(ExportLogsServiceRequest.parseFrom(body));
            response = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
            break;
          default:
            reject(exchange, 404);
            return;
        }
      } catch (IOException malformed) {
        reject(exchange, 400);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      if (response.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response);
        }
      }
    }
  }

  private synchronized void reject(HttpExchange exchange, int status) throws IOException {
    rejected++;
    exchange.sendResponseHeaders(status, -1);
  }

  private synchronized void count(ExportTraceServiceRequest request) {
    requests++;
    for (ResourceSpans resource : request.getResourceSpansList()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          spans++;
          if (attribute(span.getAttributesList(), "db.system.name") != null
              || attribute(span.getAttributesList(), "db.system") != null) {
            databaseSpans++;
          }
        }
      }
    }
  }

  private synchronized void count(ExportLogsServiceRequest request) {
    requests++;
    for (ResourceLogs resource : request.getResourceLogsList()) {
      for (ScopeLogs scope : resource.getScopeLogsList()) {
        logRecords += scope.getLogRecordsCount();
      }
    }
  }

  private synchronized void count(ExportMetricsServiceRequest request) {
    requests++;
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      String resourceKey = resource.getResource().getAttributesList().toString();
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          countPoints(metric);
          String name = metric.getName();
          if (name.equals(DURATION_METRIC) && metric.hasHistogram()) {
            boolean delta =
                metric.getHistogram().getAggregationTemporality()
                    == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
            for (HistogramDataPoint point : metric.getHistogram().getDataPointsList()) {
              keep(
                  durationCount,
                  resourceKey + name + point.getAttributesList(),
                  point.getTimeUnixNano(),
                  point.getCount(),
                  delta);
            }
          } else if (name.equals("querylens.spans.over_budget") && metric.hasSum()) {
            boolean delta =
                metric.getSum().getAggregationTemporality()
                    == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
            for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
              keep(
                  overBudgetSpans,
                  resourceKey + name + point.getAttributesList(),
                  point.getTimeUnixNano(),
                  point.getAsInt(),
                  delta);
            }
          } else if ((name.equals("processedSpans")
                  || name.equals("otel.sdk.processor.span.processed"))
              && metric.hasSum()) {
            boolean delta =
                metric.getSum().getAggregationTemporality()
                    == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
            for (NumberDataPoint point : metric.getSum().getDataPointsList()) {
              List<KeyValue> attributes = point.getAttributesList();
              KeyValue dropped = attribute(attributes, "dropped");
              boolean isDrop =
                  (dropped != null && dropped.getValue().getBoolValue())
                      || attribute(attributes, "error.type") != null;
              if (isDrop) {
                keep(
                    droppedSpans,
                    resourceKey + name + attributes,
                    point.getTimeUnixNano(),
                    point.hasAsInt() ? point.getAsInt() : (long) point.getAsDouble(),
                    delta);
              } else {
                // Seen, even at zero: an exporter that counts drops has said "none dropped".
                droppedSpans.putIfAbsent(
                    resourceKey + name + "zero", new long[] {Long.MIN_VALUE, 0});
              }
            }
          }
        }
      }
    }
  }

  private void countPoints(Metric metric) {
    switch (metric.getDataCase()) {
      case GAUGE:
        metricPoints += metric.getGauge().getDataPointsCount();
        break;
      case SUM:
        metricPoints += metric.getSum().getDataPointsCount();
        break;
      case HISTOGRAM:
        metricPoints += metric.getHistogram().getDataPointsCount();
        break;
      case EXPONENTIAL_HISTOGRAM:
        metricPoints += metric.getExponentialHistogram().getDataPointsCount();
        break;
      case SUMMARY:
        metricPoints += metric.getSummary().getDataPointsCount();
        break;
      default:
        break;
    }
  }

  /** {time, value} per series: latest wins for cumulative points, values add for delta ones. */
  private static void keep(
      Map<String, long[]> series, String key, long time, long value, boolean delta) {
    long[] held = series.get(key);
    if (held == null) {
      series.put(key, new long[] {time, value});
    } else if (delta) {
      held[1] += value;
    } else if (time >= held[0]) {
      held[0] = time;
      held[1] = value;
    }
  }

  private static long sumOfLatest(Map<String, long[]> series) {
    long sum = 0;
    for (long[] held : series.values()) {
      sum += held[1];
    }
    return sum;
  }

  private static KeyValue attribute(List<KeyValue> attributes, String key) {
    for (KeyValue attribute : attributes) {
      if (attribute.getKey().equals(key)) {
        return attribute;
      }
    }
    return null;
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    try (InputStream body = in) {
      return body.readAllBytes();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "otlp-counter");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
