package io.querylens.it.support;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Status;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.querylens.it.support.OtlpReceiver.Signal;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;

/**
 * OTLP/HTTP with binary protobuf bodies, as the specification describes it:
 * https://opentelemetry.io/docs/specs/otlp/#otlphttp. JSON bodies are refused with 415 because the
 * agent sends protobuf; a test that sees 415 has found a misconfigured exporter.
 */
final class OtlpHttpHandler implements HttpHandler {

  private static final String PROTOBUF = "application/x-protobuf";

  private final OtlpReceiver receiver;

  OtlpHttpHandler(OtlpReceiver receiver) {
    this.receiver = receiver;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Signal signal = signalOf(exchange.getRequestURI().getPath());
      if (signal == null) {
        respondWithStatus(exchange, 404, "no OTLP endpoint at " + exchange.getRequestURI());
        return;
      }
      if (!"POST".equals(exchange.getRequestMethod())) {
        respondWithStatus(exchange, 405, "OTLP/HTTP accepts only POST");
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null || !contentType.startsWith(PROTOBUF)) {
        respondWithStatus(exchange, 415, "this receiver accepts only " + PROTOBUF);
        return;
      }
      byte[] body = readBody(exchange);
      int status = receiver.admit(signal, Transport.HTTP);
      if (status != 200) {
        respondWithStatus(exchange, status, "fault injected by the test");
        return;
      }
      byte[] response;
      try {
        response = accept(signal, body);
      } catch (InvalidProtocolBufferException e) {
        receiver.recordMalformed(signal, Transport.HTTP, e);
        respondWithStatus(exchange, 400, "malformed " + signal + " request: " + e.getMessage());
        return;
      }
      respond(exchange, 200, response);
    }
  }

  private byte[] accept(Signal signal, byte[] body) throws InvalidProtocolBufferException {
    switch (signal) {
      case TRACES:
        receiver
            .telemetry()
            .addSpans(ExportTraceServiceRequest.parseFrom(body).getResourceSpansList());
        return ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      case METRICS:
        receiver
            .telemetry()
            .addMetrics(ExportMetricsServiceRequest.parseFrom(body).getResourceMetricsList());
        return ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
      case LOGS:
        receiver
            .telemetry()
            .addLogs(ExportLogsServiceRequest.parseFrom(body).getResourceLogsList());
        return ExportLogsServiceResponse.getDefaultInstance().toByteArray();
      default:
        throw new IllegalStateException("unknown signal " + signal);
    }
  }

  private static Signal signalOf(String path) {
    switch (path) {
      case "/v1/traces":
        return Signal.TRACES;
      case "/v1/metrics":
        return Signal.METRICS;
      case "/v1/logs":
        return Signal.LOGS;
      default:
        return null;
    }
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

  /** Failures carry a google.rpc.Status body, which is what OTLP/HTTP clients expect to parse. */
  private static void respondWithStatus(HttpExchange exchange, int httpStatus, String message)
      throws IOException {
    Status status =
        Status.newBuilder()
            .setCode(OtlpReceiver.grpcStatusFor(httpStatus).getCode().value())
            .setMessage(message)
            .build();
    respond(exchange, httpStatus, status.toByteArray());
  }

  private static void respond(HttpExchange exchange, int httpStatus, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
    // -1 announces an empty body; 0 would mean "chunked, length unknown".
    exchange.sendResponseHeaders(httpStatus, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
