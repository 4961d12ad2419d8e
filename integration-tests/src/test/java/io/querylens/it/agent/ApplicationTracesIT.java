package io.querylens.it.agent;

import static io.querylens.it.support.OtlpAttributes.attr;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.MethodTracedRequestsApp;
import io.querylens.it.app.TracedRequestsApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * QueryLens's database spans inside the application's own traces: a forked application traces N
 * requests of three statements each, with its own OpenTelemetry SDK or under the OpenTelemetry Java
 * agent (its JDBC instrumentation off, as the README says), both exporting to the same receiver as
 * QueryLens. Each statement is exactly one span, a child of its request's span; QueryLens's sampler
 * session, which runs every second here, appears in no trace.
 */
class ApplicationTracesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String QUERYLENS_SCOPE = "io.querylens";

  /** The statements the application runs before its requests, outside any span of its own. */
  private static final int SETUP_STATEMENTS = 5;

  private static final int STATEMENTS_PER_REQUEST = 3;

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
  void withItsOwnSdkEachRequestHoldsItsThreeStatementsAndUnsampledOnesNone() {
    int sampled = 20;
    int unsampled = 5;
    ForkedJvm.Result result =
        withQueryLens(app("own-sdk", sampled, unsampled))
            .systemProperty("traced.app.traces-endpoint", receiver.httpEndpoint() + "/v1/traces")
            .run()
            .requireSuccess();

    List<Span> requests =
        receiver.awaitSpans(span -> span.getName().equals("GET /accounts"), sampled, WAIT);
    List<Span> statements =
        awaitQueryLensSpans(SETUP_STATEMENTS + STATEMENTS_PER_REQUEST * sampled);
    assertEachRequestHoldsItsStatementsOnly(requests, statements, sampled);

    List<String> unsampledTraces = requestTraceIds(result.stdout(), "unsampled");
    assertThat(unsampledTraces).hasSize(unsampled);
    assertThat(statements).noneMatch(span -> unsampledTraces.contains(hex(span.getTraceId())));
    assertThat(receiver.spans()).noneMatch(span -> span.getName().equals("unsampled"));
    // Every execution counts in the histogram, the unsampled requests' too.
    assertThat(histogramCount("UPDATE traced_accounts")).isEqualTo(sampled + unsampled);
  }

  /** With QueryLens first on the command line, the other agent's classes appear after it starts. */
  enum AgentOrder {
    OPENTELEMETRY_FIRST,
    QUERYLENS_FIRST
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(AgentOrder.class)
  void underTheOpenTelemetryAgentEachRequestHoldsItsStatementsOnce(AgentOrder order) {
    int sampled = 10;
    ForkedJvm app =
        app("global", sampled, 0)
            .systemProperties(receiver.exporterSettings(Transport.HTTP))
            .systemProperty("otel.instrumentation.jdbc.enabled", "false")
            .systemProperty("otel.bsp.schedule.delay", "200")
            .systemProperty("otel.metric.export.interval", "500")
            .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
            .systemProperty("traced.app.linger-millis", "2500")
            .timeout(Duration.ofMinutes(3));
    ForkedJvm.Result result = attachBoth(app, order).run().requireSuccess();
    assertThat(result.stderr()).doesNotContain("traces JDBC too");

    List<Span> requests =
        receiver.awaitSpans(span -> span.getName().equals("GET /accounts"), sampled, WAIT);
    List<Span> statements =
        awaitQueryLensSpans(SETUP_STATEMENTS + STATEMENTS_PER_REQUEST * sampled);
    assertEachRequestHoldsItsStatementsOnly(requests, statements, sampled);
    // No second span per statement: nothing but QueryLens's spans speaks of a database.
    assertThat(spansOutsideScope(QUERYLENS_SCOPE))
        .allSatisfy(
            span -> {
              assertThat(attr(span, "db.system.name")).isNull();
              assertThat(attr(span, "db.system")).isNull();
            });
  }

  /**
   * No OpenTelemetry API in the application at all: its request spans exist only in the agent's own
   * context (the bootstrap loader's relocated API), which QueryLens reads too.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(AgentOrder.class)
  void underTheOpenTelemetryAgentAloneTheAgentsOwnSpansAreTheParents(AgentOrder order) {
    int requests = 10;
    ForkedJvm app =
        ForkedJvm.main(MethodTracedRequestsApp.class.getName())
            .sampleAppClasspath()
            .args(postgres.jdbcUrl(), postgres.user(), "unused", Integer.toString(requests))
            .systemProperties(receiver.exporterSettings(Transport.HTTP))
            .systemProperty(
                "otel.instrumentation.methods.include",
                MethodTracedRequestsApp.class.getName() + "[request]")
            .systemProperty("otel.instrumentation.jdbc.enabled", "false")
            .systemProperty("otel.bsp.schedule.delay", "200")
            .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
            .systemProperty("traced.app.linger-millis", "2500")
            .timeout(Duration.ofMinutes(3));
    attachBoth(app, order).run().requireSuccess();

    List<Span> requestSpans =
        receiver.awaitSpans(
            span -> span.getName().equals("MethodTracedRequestsApp.request"), requests, WAIT);
    List<Span> statements =
        awaitQueryLensSpans(SETUP_STATEMENTS + STATEMENTS_PER_REQUEST * requests);
    assertEachRequestHoldsItsStatementsOnly(requestSpans, statements, requests);
  }

  @Test
  void withTheAgentsJdbcInstrumentationLeftOnQueryLensTellsTheSettingOnce() {
    int sampled = 5;
    ForkedJvm.Result result =
        app("global", sampled, 0)
            .jvmArg("-javaagent:" + ForkedJvm.openTelemetryJavaagent())
            .jvmArg("-javaagent:" + ForkedJvm.agentJar())
            .systemProperties(receiver.exporterSettings(Transport.HTTP))
            .systemProperty("otel.bsp.schedule.delay", "200")
            .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
            .systemProperty("traced.app.linger-millis", "2500")
            .timeout(Duration.ofMinutes(3))
            .run()
            .requireSuccess();

    assertThat(result.stderr().lines().filter(line -> line.contains("traces JDBC too")))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("[querylens] WARN")
                    .contains("-Dotel.instrumentation.jdbc.enabled=false"));
    // What the setting is for: the agent's own span per statement beside ours, and its spans of
    // QueryLens's sampler session.
    List<Span> statements =
        awaitQueryLensSpans(SETUP_STATEMENTS + STATEMENTS_PER_REQUEST * sampled);
    List<Span> agentDatabaseSpans =
        spansOutsideScope(QUERYLENS_SCOPE).stream()
            .filter(span -> attr(span, "db.system") != null || attr(span, "db.system.name") != null)
            .toList();
    List<Span> notTheApplications =
        agentDatabaseSpans.stream()
            .filter(span -> !String.valueOf(attr(span, "db.statement")).contains("traced_"))
            .filter(span -> !String.valueOf(attr(span, "db.query.text")).contains("traced_"))
            .toList();
    long ofTheSampler = notTheApplications.size();
    System.out.printf(
        "with the OpenTelemetry agent's JDBC instrumentation on: %d QueryLens spans, %d agent"
            + " database spans, %d of them not the application's statements%n",
        statements.size(), agentDatabaseSpans.size(), ofTheSampler);
    assertThat(agentDatabaseSpans.size() - ofTheSampler)
        .isGreaterThanOrEqualTo(STATEMENTS_PER_REQUEST * sampled);
    // QueryLens's own sessions run inside that agent's suppression: none of its spans is ours.
    assertThat(notTheApplications)
        .extracting(span -> span.getName() + " " + span.getAttributesList())
        .isEmpty();
    assertThat(receiver.awaitMetric("postgresql.backends", WAIT)).isNotEmpty();
  }

  // ---- helpers ----

  private static ForkedJvm attachBoth(ForkedJvm app, AgentOrder order) {
    String otelAgent = "-javaagent:" + ForkedJvm.openTelemetryJavaagent();
    String queryLens = "-javaagent:" + ForkedJvm.agentJar();
    return order == AgentOrder.OPENTELEMETRY_FIRST
        ? app.jvmArg(otelAgent).jvmArg(queryLens)
        : app.jvmArg(queryLens).jvmArg(otelAgent);
  }

  private static ForkedJvm app(String mode, int sampled, int unsampled) {
    return ForkedJvm.main(TracedRequestsApp.class.getName())
        .sampleAppClasspath()
        .openTelemetrySdkClasspath()
        .args(
            mode,
            postgres.jdbcUrl(),
            postgres.user(),
            "unused",
            Integer.toString(sampled),
            Integer.toString(unsampled));
  }

  private static ForkedJvm withQueryLens(ForkedJvm app) {
    return app.javaagent(ForkedJvm.agentJar())
        .systemProperties(receiver.exporterSettings(Transport.HTTP))
        .systemProperty("otel.bsp.schedule.delay", "200")
        .systemProperty("otel.metric.export.interval", "500")
        .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
        .systemProperty("traced.app.linger-millis", "2500")
        .timeout(Duration.ofMinutes(2));
  }

  /**
   * Exactly {@code STATEMENTS_PER_REQUEST} QueryLens spans per request, each in its request's trace
   * with the request's span as parent; the only others are the application's setup statements, run
   * outside any request: none from QueryLens's sampler session.
   */
  private static void assertEachRequestHoldsItsStatementsOnly(
      List<Span> requests, List<Span> statements, int sampled) {
    // The sampler did sample while the requests ran: its session was there to be traced.
    assertThat(receiver.awaitMetric("postgresql.backends", WAIT)).isNotEmpty();
    assertThat(requests).hasSize(sampled);
    Map<ByteString, Span> requestBySpanId =
        requests.stream().collect(Collectors.toMap(Span::getSpanId, Function.identity()));
    List<Span> children =
        statements.stream().filter(span -> !span.getParentSpanId().isEmpty()).toList();
    List<Span> roots =
        statements.stream().filter(span -> span.getParentSpanId().isEmpty()).toList();

    assertThat(children).hasSize(STATEMENTS_PER_REQUEST * sampled);
    assertThat(children)
        .allSatisfy(
            child -> {
              Span request = requestBySpanId.get(child.getParentSpanId());
              assertThat(request).as("the parent of %s", child.getName()).isNotNull();
              assertThat(child.getTraceId()).isEqualTo(request.getTraceId());
            });
    Map<ByteString, List<String>> namesByRequest =
        children.stream()
            .collect(
                Collectors.groupingBy(
                    Span::getParentSpanId, Collectors.mapping(Span::getName, Collectors.toList())));
    assertThat(namesByRequest).hasSize(sampled);
    assertThat(namesByRequest.values())
        .allSatisfy(
            names ->
                assertThat(names)
                    .containsExactlyInAnyOrder(
                        "SELECT traced_accounts", "UPDATE traced_accounts", "INSERT traced_audit"));
    assertThat(roots).hasSize(SETUP_STATEMENTS);
    assertThat(statements)
        .allSatisfy(span -> assertThat(attr(span, "db.query.text")).contains("traced_"));
  }

  /** QueryLens's spans once {@code count} have arrived, and a moment for any extra one. */
  private static List<Span> awaitQueryLensSpans(int count) {
    receiver.awaitSpans(span -> true, count, WAIT);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (spansOfScope(QUERYLENS_SCOPE).size() < count && System.nanoTime() < deadline) {
      pause(100);
    }
    pause(500);
    return spansOfScope(QUERYLENS_SCOPE);
  }

  private static List<Span> spansOfScope(String scope) {
    return receiver.spansOfScope(scope::equals);
  }

  private static List<Span> spansOutsideScope(String scope) {
    return receiver.spansOfScope(name -> !name.equals(scope));
  }

  private static List<String> requestTraceIds(String stdout, String kind) {
    return stdout
        .lines()
        .filter(line -> line.startsWith("REQUEST " + kind + " "))
        .map(line -> line.split(" ")[2])
        .toList();
  }

  private static long histogramCount(String summary) {
    Metric duration = receiver.awaitLatestExport("db.client.operation.duration", WAIT);
    return duration.getHistogram().getDataPointsList().stream()
        .filter(point -> summary.equals(attr(point, "db.query.summary")))
        .mapToLong(HistogramDataPoint::getCount)
        .sum();
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
