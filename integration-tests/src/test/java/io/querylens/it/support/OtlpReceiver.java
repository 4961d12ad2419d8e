package io.querylens.it.support;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * A real OTLP receiver inside the test JVM: OTLP/HTTP (protobuf, optionally gzip) and OTLP/gRPC,
 * each on its own ephemeral port of 127.0.0.1. It stores what it accepts so a test can wait for and
 * inspect the spans, metrics and log records an exporter sent, and it can misbehave on request
 * (error statuses, slow answers, going down and coming back on the same ports) the way a real
 * collector does.
 */
public final class OtlpReceiver implements AutoCloseable {

  /** The three OTLP signals, one endpoint each. */
  public enum Signal {
    TRACES,
    METRICS,
    LOGS
  }

  /** The two OTLP transports, matching {@code otel.exporter.otlp.protocol}. */
  public enum Transport {
    HTTP("http/protobuf"),
    GRPC("grpc");

    private final String protocol;

    Transport(String protocol) {
      this.protocol = protocol;
    }

    /** The value of {@code otel.exporter.otlp.protocol} that selects this transport. */
    public String protocol() {
      return protocol;
    }
  }

  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  private final ReceivedTelemetry telemetry = new ReceivedTelemetry();
  private final Map<Signal, Map<Transport, AtomicInteger>> requests = new EnumMap<>(Signal.class);
  private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService httpThreads;
  private volatile int answerStatus = 200;
  private volatile Duration responseDelay = Duration.ZERO;

  private final Object lifecycle = new Object();
  private int httpPort;
  private int grpcPort;
  private HttpServer httpServer;
  private Server grpcServer;

  /** Serves OTLP/HTTP over TLS with this context; null for plain HTTP. */
  private final SSLContext tls;

  private OtlpReceiver() {
    this(null);
  }

  private OtlpReceiver(SSLContext tls) {
    this.tls = tls;
    for (Signal signal : Signal.values()) {
      Map<Transport, AtomicInteger> counts = new EnumMap<>(Transport.class);
      for (Transport transport : Transport.values()) {
        counts.put(transport, new AtomicInteger());
      }
      requests.put(signal, counts);
    }
    AtomicInteger threadNumber = new AtomicInteger();
    httpThreads =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "otlp-http-" + threadNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts both transports on fresh ephemeral ports. */
  public static OtlpReceiver start() {
    OtlpReceiver receiver = new OtlpReceiver();
    try {
      receiver.bind(0, 0);
    } catch (RuntimeException e) {
      receiver.close();
      throw e;
    }
    return receiver;
  }

  /**
   * Starts with OTLP/HTTP served over TLS with {@code tls}'s certificate (gRPC stays plaintext), as
   * a collector with a TLS receiver does.
   */
  public static OtlpReceiver startTls(SSLContext tls) {
    OtlpReceiver receiver = new OtlpReceiver(tls);
    try {
      receiver.bind(0, 0);
    } catch (RuntimeException e) {
      receiver.close();
      throw e;
    }
    return receiver;
  }

  // ---- where exporters send ----

  /**
   * The OTLP/HTTP base URL, say {@code http://127.0.0.1:41234} ({@code https} when started with
   * TLS); signals go to /v1/traces etc.
   */
  public String httpEndpoint() {
    return (tls == null ? "http" : "https") + "://127.0.0.1:" + httpPort;
  }

  /** The OTLP/gRPC URL, say {@code http://127.0.0.1:41235} (plaintext HTTP/2). */
  public String grpcEndpoint() {
    return "http://127.0.0.1:" + grpcPort;
  }

  public String endpoint(Transport transport) {
    return transport == Transport.HTTP ? httpEndpoint() : grpcEndpoint();
  }

  /**
   * The standard exporter settings that point an OpenTelemetry SDK at this receiver over {@code
   * transport}: {@code otel.exporter.otlp.protocol} and {@code otel.exporter.otlp.endpoint}, ready
   * to pass as system properties to a forked JVM.
   */
  public Map<String, String> exporterSettings(Transport transport) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("otel.exporter.otlp.protocol", transport.protocol());
    settings.put("otel.exporter.otlp.endpoint", endpoint(transport));
    return settings;
  }

  // ---- what arrived ----

  public List<ResourceSpans> resourceSpans() {
    return telemetry.resourceSpans();
  }

  public List<ResourceMetrics> resourceMetrics() {
    return telemetry.resourceMetrics();
  }

  public List<ResourceLogs> resourceLogs() {
    return telemetry.resourceLogs();
  }

  /**
   * Every accepted span across resources and scopes, in the order the spans started: that is the
   * order the application ran its statements, while arrival is not (a query's span is exported once
   * its rows are read, so it may arrive after the statement that followed it).
   */
  public List<Span> spans() {
    List<Span> spans = new ArrayList<>(telemetry.spans());
    spans.sort(java.util.Comparator.comparingLong(Span::getStartTimeUnixNano));
    return spans;
  }

  /**
   * The spans whose instrumentation scope's name {@code scopeName} accepts (QueryLens's is {@code
   * io.querylens}), in the order they started.
   */
  public List<Span> spansOfScope(java.util.function.Predicate<String> scopeName) {
    List<Span> spans = new ArrayList<>();
    for (ResourceSpans resource : resourceSpans()) {
      for (io.opentelemetry.proto.trace.v1.ScopeSpans scopeSpans : resource.getScopeSpansList()) {
        if (scopeName.test(scopeSpans.getScope().getName())) {
          spans.addAll(scopeSpans.getSpansList());
        }
      }
    }
    spans.sort(java.util.Comparator.comparingLong(Span::getStartTimeUnixNano));
    return spans;
  }

  /** Every accepted metric message (one per metric per export), in arrival order. */
  public List<Metric> metrics() {
    return telemetry.metrics();
  }

  /** Every accepted metric message named {@code name}, in arrival order (latest last). */
  public List<Metric> metrics(String name) {
    List<Metric> named = new ArrayList<>();
    for (Metric metric : telemetry.metrics()) {
      if (metric.getName().equals(name)) {
        named.add(metric);
      }
    }
    return named;
  }

  public List<LogRecord> logRecords() {
    return telemetry.logRecords();
  }

  /** The resource (service.name, ...) that {@code span}, taken from {@link #spans()}, came with. */
  public Resource resourceOf(Span span) {
    return telemetry.resourceOf(span);
  }

  /** Waits until at least {@code count} spans matching {@code matching} arrived; returns them. */
  public List<Span> awaitSpans(Predicate<? super Span> matching, int count, Duration timeout) {
    return telemetry.await("spans", this::spans, matching, count, timeout, OtlpReceiver::describe);
  }

  /** Waits for the first span matching {@code matching}. */
  public Span awaitSpan(Predicate<? super Span> matching, Duration timeout) {
    return awaitSpans(matching, 1, timeout).get(0);
  }

  /**
   * Waits for a metric named {@code name}, then returns its newest export: cumulative, so it holds
   * the process's totals.
   */
  public Metric awaitLatestExport(String name, Duration timeout) {
    List<Metric> exports = awaitMetric(name, timeout);
    return exports.get(exports.size() - 1);
  }

  /**
   * The batch span processor's own count, in its newest export, of the spans it exported ({@code
   * dropped=false}) or dropped.
   */
  public long processedSpans(boolean dropped, Duration timeout) {
    long total = 0;
    for (var point : awaitLatestExport("processedSpans", timeout).getSum().getDataPointsList()) {
      var value = OtlpAttributes.value(point.getAttributesList(), "dropped");
      if (value != null && value.getBoolValue() == dropped) {
        total += point.getAsInt();
      }
    }
    return total;
  }

  /**
   * QueryLens's own count, in its newest export, of executions whose span their statement shape's
   * spans-per-second budget withheld (each still counted in the duration histogram).
   */
  public long spansOverBudget(Duration timeout) {
    long total = 0;
    for (var point :
        awaitLatestExport("querylens.spans.over_budget", timeout).getSum().getDataPointsList()) {
      total += point.getAsInt();
    }
    return total;
  }

  /** Every kept span, metric and log record as text, bytes and all: what a leak search reads. */
  public String everythingReceivedAsText() {
    StringBuilder all = new StringBuilder();
    resourceSpans().forEach(r -> all.append(new String(r.toByteArray(), StandardCharsets.UTF_8)));
    resourceMetrics().forEach(r -> all.append(new String(r.toByteArray(), StandardCharsets.UTF_8)));
    resourceLogs().forEach(r -> all.append(new String(r.toByteArray(), StandardCharsets.UTF_8)));
    return all.toString();
  }

  /** Waits until at least one metric named {@code name} arrived; returns all of that name. */
  public List<Metric> awaitMetric(String name, Duration timeout) {
    return awaitMetrics(metric -> metric.getName().equals(name), 1, timeout);
  }

  public List<Metric> awaitMetrics(
      Predicate<? super Metric> matching, int count, Duration timeout) {
    return telemetry.await(
        "metrics", telemetry::metrics, matching, count, timeout, OtlpReceiver::describe);
  }

  public List<LogRecord> awaitLogRecords(
      Predicate<? super LogRecord> matching, int count, Duration timeout) {
    return telemetry.await(
        "log records", telemetry::logRecords, matching, count, timeout, OtlpReceiver::describe);
  }

  /** Export requests received for {@code signal} over {@code transport}, faulted ones included. */
  public int requestCount(Signal signal, Transport transport) {
    return requests.get(signal).get(transport).get();
  }

  /** Export requests received for {@code signal} over both transports, faulted ones included. */
  public int requestCount(Signal signal) {
    return requestCount(signal, Transport.HTTP) + requestCount(signal, Transport.GRPC);
  }

  /**
   * Waits until at least {@code count} export requests for {@code signal} arrived over either
   * transport, accepted or not: how a test knows an exporter tried while the receiver was failing.
   */
  public int awaitRequestCount(Signal signal, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (requestCount(signal) < count) {
      if (System.nanoTime() >= deadline) {
        throw new AssertionError(
            "expected at least "
                + count
                + " "
                + signal
                + " requests within "
                + timeout
                + " but got "
                + requestCount(signal, Transport.HTTP)
                + " over HTTP and "
                + requestCount(signal, Transport.GRPC)
                + " over gRPC");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + signal + " requests", e);
      }
    }
    return requestCount(signal);
  }

  /** Requests that could not be parsed; an exporter bug shows here, not as silence. */
  public List<String> problems() {
    synchronized (problems) {
      return List.copyOf(problems);
    }
  }

  /** Every span received since the last reset, including those not kept. */
  public long spansReceived() {
    return telemetry.spansReceived();
  }

  /**
   * Until the next {@link #reset()}, counts spans in {@link #spansReceived()} without keeping them,
   * for load tests whose million spans would fill the test's heap; metrics and logs are still kept.
   */
  public void countSpansOnly() {
    telemetry.keepSpans(false);
  }

  /** Resource entries dropped because the receiver was full (oldest first). */
  public long dropped() {
    return telemetry.dropped();
  }

  /** Forgets everything received and every count; faults and ports stay as they are. */
  public void reset() {
    telemetry.clear();
    problems.clear();
    for (Map<Transport, AtomicInteger> counts : requests.values()) {
      for (AtomicInteger count : counts.values()) {
        count.set(0);
      }
    }
  }

  // ---- misbehaving on purpose ----

  /**
   * Answers every later request with {@code httpStatus} over HTTP and the matching gRPC status (503
   * -> UNAVAILABLE, 429 -> RESOURCE_EXHAUSTED, ...) over gRPC, storing nothing; 200 restores normal
   * service.
   */
  public void respondWith(int httpStatus) {
    grpcStatusFor(httpStatus); // fail fast on a status we cannot translate
    answerStatus = httpStatus;
  }

  /** Holds every later answer back by {@code delay}; {@link Duration#ZERO} answers at once. */
  public void delayResponses(Duration delay) {
    responseDelay = delay;
  }

  /** Closes both ports, as a collector going down does; {@link #restart()} brings them back. */
  public void stop() {
    synchronized (lifecycle) {
      if (httpServer != null) {
        httpServer.stop(0);
        httpServer = null;
      }
      if (grpcServer != null) {
        grpcServer.shutdownNow();
        try {
          grpcServer.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        grpcServer = null;
      }
    }
  }

  /** Stops (if running) and listens again on the same two ports, keeping what was received. */
  public void restart() {
    synchronized (lifecycle) {
      stop();
      bind(httpPort, grpcPort);
    }
  }

  public boolean isRunning() {
    synchronized (lifecycle) {
      return httpServer != null;
    }
  }

  @Override
  public void close() {
    stop();
    httpThreads.shutdownNow();
  }

  @Override
  public String toString() {
    return "OtlpReceiver[http=" + httpEndpoint() + ", grpc=" + grpcEndpoint() + "]";
  }

  // ---- used by the transports ----

  ReceivedTelemetry telemetry() {
    return telemetry;
  }

  /** Counts the request, applies the injected delay, and says which HTTP status to answer. */
  int admit(Signal signal, Transport transport) {
    requests.get(signal).get(transport).incrementAndGet();
    Duration delay = responseDelay;
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 503;
      }
    }
    return answerStatus;
  }

  void recordMalformed(Signal signal, Transport transport, Exception cause) {
    problems.add(transport + " " + signal + ": " + cause.getMessage());
  }

  /** The gRPC status a collector answers where OTLP/HTTP would answer {@code httpStatus}. */
  static Status grpcStatusFor(int httpStatus) {
    switch (httpStatus) {
      case 200:
        return Status.OK;
      case 400:
        return Status.INVALID_ARGUMENT;
      case 401:
        return Status.UNAUTHENTICATED;
      case 403:
        return Status.PERMISSION_DENIED;
      case 404:
      case 405:
      case 415:
        return Status.UNIMPLEMENTED;
      case 413:
      case 429:
        return Status.RESOURCE_EXHAUSTED;
      case 500:
        return Status.INTERNAL;
      case 502:
      case 503:
        return Status.UNAVAILABLE;
      case 504:
        return Status.DEADLINE_EXCEEDED;
      default:
        throw new IllegalArgumentException(
            "no gRPC equivalent chosen for HTTP status "
                + httpStatus
                + "; use 200, 400, 401, 403, 404, 405, 413, 415, 429, 500, 502, 503 or 504");
    }
  }

  private void bind(int requestedHttpPort, int requestedGrpcPort) {
    try {
      InetSocketAddress httpAddress = new InetSocketAddress("127.0.0.1", requestedHttpPort);
      HttpServer http;
      if (tls == null) {
        http = HttpServer.create(httpAddress, 0);
      } else {
        HttpsServer https = HttpsServer.create(httpAddress, 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        http = https;
      }
      http.createContext("/", new OtlpHttpHandler(this));
      http.setExecutor(httpThreads);
      http.start();
      httpServer = http;
      httpPort = http.getAddress().getPort();

      NettyServerBuilder grpc =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", requestedGrpcPort))
              // Rebinding the same port after stop() must not wait for TIME_WAIT to expire.
              .withOption(ChannelOption.SO_REUSEADDR, true);
      for (BindableService service : OtlpGrpcServices.of(this)) {
        grpc.addService(service);
      }
      grpcServer = grpc.build().start();
      grpcPort = grpcServer.getPort();
    } catch (IOException e) {
      stop();
      throw new UncheckedIOException(
          "could not listen on 127.0.0.1 ports "
              + requestedHttpPort
              + " (HTTP) and "
              + requestedGrpcPort
              + " (gRPC)",
          e);
    }
  }

  private static String describe(Span span) {
    return "span '"
        + span.getName()
        + "' "
        + span.getKind()
        + " "
        + OtlpAttributes.toMap(span.getAttributesList());
  }

  private static String describe(Metric metric) {
    return "metric '" + metric.getName() + "' " + metric.getDataCase() + " " + metric.getUnit();
  }

  private static String describe(LogRecord record) {
    return "log record '"
        + record.getEventName()
        + "' body="
        + record.getBody().getStringValue()
        + " "
        + OtlpAttributes.toMap(record.getAttributesList());
  }
}
