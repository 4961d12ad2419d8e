package io.querylens.it.support;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.querylens.it.support.OtlpAttributes.attr;
import static io.querylens.it.support.OtlpAttributes.longAttr;
import static io.querylens.it.support.OtlpAttributes.resourceAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.querylens.it.support.OtlpReceiver.Signal;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The receiver, checked against the real OpenTelemetry SDK exporters over both transports. */
class OtlpReceiverIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final OtlpReceiver receiver = OtlpReceiver.start();

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void receivesASpanWithItsAttributesAndResource(Transport transport) {
    try (SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .setResource(serviceNamed("orders-service"))
            .addSpanProcessor(SimpleSpanProcessor.create(spanExporter(transport)))
            .build()) {
      tracing
          .get("querylens-it")
          .spanBuilder("SELECT orders")
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute("db.system.name", "postgresql")
          .setAttribute("server.port", 5432L)
          .startSpan()
          .end();
      assertSucceeded(tracing.forceFlush());
    }

    Span span = receiver.awaitSpan(s -> s.getName().equals("SELECT orders"), WAIT);

    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(attr(span, "db.system.name")).isEqualTo("postgresql");
    assertThat(longAttr(span, "server.port")).isEqualTo(5432L);
    assertThat(resourceAttr(receiver.resourceOf(span), "service.name")).isEqualTo("orders-service");
    assertThat(receiver.requestCount(Signal.TRACES, transport)).isEqualTo(1);
    assertThat(receiver.requestCount(Signal.TRACES, other(transport))).isZero();
    assertThat(receiver.problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void receivesAMetricWithItsDataPointAttributes(Transport transport) {
    try (SdkMeterProvider metering =
        SdkMeterProvider.builder()
            .setResource(serviceNamed("orders-service"))
            .registerMetricReader(
                PeriodicMetricReader.builder(metricExporter(transport))
                    .setInterval(Duration.ofHours(1))
                    .build())
            .build()) {
      metering
          .get("querylens-it")
          .counterBuilder("querylens.test.statements")
          .build()
          .add(3, Attributes.of(stringKey("db.operation.name"), "SELECT"));
      assertSucceeded(metering.forceFlush());
    }

    List<Metric> metrics = receiver.awaitMetric("querylens.test.statements", WAIT);

    NumberDataPoint point = metrics.get(0).getSum().getDataPoints(0);
    assertThat(point.getAsInt()).isEqualTo(3);
    assertThat(attr(point, "db.operation.name")).isEqualTo("SELECT");
    assertThat(receiver.requestCount(Signal.METRICS, transport)).isPositive();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void receivesAGzippedLogRecordWithItsBodyAndAttributes(Transport transport) {
    try (SdkLoggerProvider logging =
        SdkLoggerProvider.builder()
            .setResource(serviceNamed("orders-service"))
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(gzipLogExporter(transport)))
            .build()) {
      logging
          .get("querylens-it")
          .logRecordBuilder()
          .setSeverity(Severity.WARN)
          .setBody("index orders_idx was never used")
          .setAttribute(stringKey("db.collection.name"), "orders")
          .setAttribute(longKey("querylens.finding.risk"), 2L)
          .emit();
      assertSucceeded(logging.forceFlush());
    }

    LogRecord record =
        receiver
            .awaitLogRecords(r -> "orders".equals(attr(r, "db.collection.name")), 1, WAIT)
            .get(0);

    assertThat(record.getBody().getStringValue()).isEqualTo("index orders_idx was never used");
    assertThat(record.getSeverityNumber()).isEqualTo(SeverityNumber.SEVERITY_NUMBER_WARN);
    assertThat(longAttr(record, "querylens.finding.risk")).isEqualTo(2L);
    assertThat(receiver.requestCount(Signal.LOGS, transport)).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void answersWithTheInjectedErrorStatusSoTheExporterReportsFailure(Transport transport) {
    receiver.respondWith(503);
    SpanExporter exporter = spanExporter(transport);

    CompletableResultCode result = exporter.export(List.of(finishedSpan("INSERT orders")));

    assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
    assertThat(receiver.awaitRequestCount(Signal.TRACES, 1, WAIT)).isEqualTo(1);
    assertThat(receiver.requestCount(Signal.TRACES, transport)).isEqualTo(1);
    assertThat(receiver.spans()).isEmpty();

    receiver.respondWith(200);
    assertSucceeded(exporter.export(List.of(finishedSpan("INSERT orders"))));
    assertThat(receiver.spans()).extracting(Span::getName).containsExactly("INSERT orders");
    exporter.shutdown();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void delaysAnswersPastTheExporterTimeout(Transport transport) {
    receiver.delayResponses(Duration.ofSeconds(3));
    SpanExporter exporter =
        transport == Transport.HTTP
            ? OtlpHttpSpanExporter.builder()
                .setEndpoint(receiver.httpEndpoint() + "/v1/traces")
                .setTimeout(Duration.ofMillis(300))
                .setRetryPolicy(null)
                .build()
            : OtlpGrpcSpanExporter.builder()
                .setEndpoint(receiver.grpcEndpoint())
                .setTimeout(Duration.ofMillis(300))
                .setRetryPolicy(null)
                .build();

    CompletableResultCode result = exporter.export(List.of(finishedSpan("UPDATE orders")));

    assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).isFalse();
    assertThat(receiver.requestCount(Signal.TRACES, transport)).isEqualTo(1);
    exporter.shutdown();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void goesDownAndComesBackOnTheSamePorts(Transport transport) {
    String endpoint = receiver.endpoint(transport);
    SpanExporter exporter = spanExporter(transport);
    assertSucceeded(exporter.export(List.of(finishedSpan("before"))));

    receiver.stop();
    CompletableResultCode whileDown = exporter.export(List.of(finishedSpan("while down")));
    assertThat(whileDown.join(10, TimeUnit.SECONDS).isSuccess()).isFalse();

    receiver.restart();
    assertThat(receiver.endpoint(transport)).isEqualTo(endpoint);
    assertSucceeded(exporter.export(List.of(finishedSpan("after"))));

    assertThat(receiver.spans()).extracting(Span::getName).containsExactly("before", "after");
    exporter.shutdown();
  }

  @Test
  void explainsWhatArrivedWhenTheAwaitedSpanDoesNot() {
    SpanExporter exporter = spanExporter(Transport.HTTP);
    assertSucceeded(exporter.export(List.of(finishedSpan("SELECT customers"))));

    assertThatThrownBy(
            () -> receiver.awaitSpan(s -> s.getName().equals("SELECT orders"), Duration.ZERO))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected at least 1 matching spans")
        .hasMessageContaining("span 'SELECT customers'");
    exporter.shutdown();
  }

  @Test
  void forgetsEverythingOnReset() {
    SpanExporter exporter = spanExporter(Transport.GRPC);
    assertSucceeded(exporter.export(List.of(finishedSpan("SELECT orders"))));

    receiver.reset();

    assertThat(receiver.spans()).isEmpty();
    assertThat(receiver.requestCount(Signal.TRACES)).isZero();
    exporter.shutdown();
  }

  @Test
  void refusesJsonAndReportsMalformedProtobuf() throws Exception {
    HttpClient client = HttpClient.newHttpClient();

    HttpResponse<String> json = post(client, "application/json", new byte[] {'{', '}'});
    HttpResponse<String> garbage = post(client, "application/x-protobuf", new byte[] {(byte) 0xff});

    assertThat(json.statusCode()).isEqualTo(415);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(receiver.problems()).singleElement().asString().contains("HTTP TRACES");
  }

  private HttpResponse<String> post(HttpClient client, String contentType, byte[] body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(receiver.httpEndpoint() + "/v1/traces"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  // Retries are off so a refused export fails at once instead of after the SDK's backoff.

  private SpanExporter spanExporter(Transport transport) {
    return transport == Transport.HTTP
        ? OtlpHttpSpanExporter.builder()
            .setEndpoint(receiver.httpEndpoint() + "/v1/traces")
            .setRetryPolicy(null)
            .build()
        : OtlpGrpcSpanExporter.builder()
            .setEndpoint(receiver.grpcEndpoint())
            .setRetryPolicy(null)
            .build();
  }

  private MetricExporter metricExporter(Transport transport) {
    return transport == Transport.HTTP
        ? OtlpHttpMetricExporter.builder()
            .setEndpoint(receiver.httpEndpoint() + "/v1/metrics")
            .setRetryPolicy(null)
            .build()
        : OtlpGrpcMetricExporter.builder()
            .setEndpoint(receiver.grpcEndpoint())
            .setRetryPolicy(null)
            .build();
  }

  private LogRecordExporter gzipLogExporter(Transport transport) {
    return transport == Transport.HTTP
        ? OtlpHttpLogRecordExporter.builder()
            .setEndpoint(receiver.httpEndpoint() + "/v1/logs")
            .setCompression("gzip")
            .setRetryPolicy(null)
            .build()
        : OtlpGrpcLogRecordExporter.builder()
            .setEndpoint(receiver.grpcEndpoint())
            .setCompression("gzip")
            .setRetryPolicy(null)
            .build();
  }

  /** A real ended span's data, taken from the SDK so an exporter can be driven directly. */
  private static SpanData finishedSpan(String name) {
    FinishedSpans finished = new FinishedSpans();
    try (SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(finished).build()) {
      tracing.get("querylens-it").spanBuilder(name).startSpan().end();
    }
    return finished.only();
  }

  private static Resource serviceNamed(String name) {
    return Resource.getDefault()
        .merge(Resource.create(Attributes.of(stringKey("service.name"), name)));
  }

  private static Transport other(Transport transport) {
    return transport == Transport.HTTP ? Transport.GRPC : Transport.HTTP;
  }

  private static void assertSucceeded(CompletableResultCode result) {
    assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).as("export succeeded").isTrue();
  }
}
