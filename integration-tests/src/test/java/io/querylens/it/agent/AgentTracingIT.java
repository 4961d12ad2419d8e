package io.querylens.it.agent;

import static io.querylens.it.support.OtlpAttributes.attr;
import static io.querylens.it.support.OtlpAttributes.longAttr;
import static io.querylens.it.support.OtlpAttributes.resourceAttr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.querylens.it.app.BundledOpenTelemetryApp;
import io.querylens.it.app.PooledSampleApp;
import io.querylens.it.app.SampleApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The agent as a user runs it: the built jar attached with {@code -javaagent} to a forked JVM
 * running a plain JDBC application against a real PostgreSQL, exporting to a real OTLP receiver.
 */
class AgentTracingIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /**
   * The password the application passes; trust authentication ignores it, we must never export it.
   */
  private static final String DB_PASSWORD = "db-password-Xq7";

  /** The spans SampleApp's statements give on PostgreSQL, in execution order. */
  static final List<String> POSTGRES_SPAN_NAMES =
      List.of(
          "DROP TABLE customers",
          "CREATE TABLE customers",
          "INSERT customers",
          "SELECT customers",
          "BATCH INSERT customers",
          "SELECT customers",
          "SELECT customers",
          "BATCH",
          "INSERT customers",
          "SELECT missing_table",
          "call upper",
          "UPDATE customers");

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
  void theApplicationSeesExactlyWhatItSeesWithoutTheAgent() {
    ForkedJvm.Result without = sampleApp(SampleApp.class).run().requireSuccess();
    receiver.reset();
    ForkedJvm.Result with =
        traced(sampleApp(SampleApp.class), Transport.HTTP).run().requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout())).isNotEmpty();
    assertThat(with.exitCode()).isEqualTo(without.exitCode());
  }

  @ParameterizedTest(name = "over {0}")
  @EnumSource(Transport.class)
  void everyStatementBecomesOneClientSpanWithTheStableDatabaseConventions(Transport transport) {
    traced(sampleApp(SampleApp.class), transport).run().requireSuccess();

    List<Span> spans = receiver.awaitSpans(span -> true, POSTGRES_SPAN_NAMES.size(), WAIT);
    assertThat(spans).extracting(Span::getName).containsExactlyElementsOf(POSTGRES_SPAN_NAMES);
    assertThat(spans).allSatisfy(AgentTracingIT::hasConnectionAttributes);

    Span select = spans.get(5);
    assertThat(select.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(attr(select, "db.query.text")).isEqualTo("SELECT name FROM customers WHERE id = ?");
    assertThat(attr(select, "db.query.summary")).isEqualTo("SELECT customers");
    assertThat(attr(select, "db.operation.name")).isEqualTo("SELECT");
    assertThat(attr(select, "db.collection.name")).isEqualTo("customers");
    assertThat(attr(select, "querylens.query.fingerprint")).matches("[0-9a-f]{16}");
    assertThat(attr(spans.get(6), "querylens.query.fingerprint"))
        .isEqualTo(attr(select, "querylens.query.fingerprint"));
    assertThat(select.getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);

    Span literalInsert = spans.get(2);
    assertThat(attr(literalInsert, "db.query.text"))
        .isEqualTo("INSERT INTO customers (id, email, card, name) VALUES (?, ?, ?, ?)");
  }

  @Test
  void batchesAreOneSpanWithTheirSize() {
    traced(sampleApp(SampleApp.class), Transport.HTTP).run().requireSuccess();

    List<Span> spans = receiver.awaitSpans(span -> true, POSTGRES_SPAN_NAMES.size(), WAIT);
    Span prepared = spans.get(4);
    assertThat(longAttr(prepared, "db.operation.batch.size")).isEqualTo(3L);
    assertThat(attr(prepared, "db.operation.name")).isEqualTo("BATCH INSERT");
    assertThat(attr(prepared, "db.query.text"))
        .isEqualTo("INSERT INTO customers (id, email, card, name) VALUES (?, ?, ?, ?)");

    Span mixed = spans.get(7);
    assertThat(longAttr(mixed, "db.operation.batch.size")).isEqualTo(2L);
    assertThat(attr(mixed, "db.operation.name")).isEqualTo("BATCH");
    assertThat(attr(mixed, "db.query.summary")).isEqualTo("BATCH");
    assertThat(attr(mixed, "db.query.text"))
        .isEqualTo(
            "UPDATE customers SET name = ? WHERE id = ?;\nDELETE FROM customers WHERE id = ?");
  }

  @Test
  void aFailedStatementCarriesItsSqlStateAndNoMessage() {
    traced(sampleApp(SampleApp.class), Transport.HTTP).run().requireSuccess();

    Span failed = receiver.awaitSpan(span -> span.getName().equals("SELECT missing_table"), WAIT);
    assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(attr(failed, "error.type")).isEqualTo("org.postgresql.util.PSQLException");
    assertThat(attr(failed, "db.response.status_code")).isEqualTo("42P01");
    assertThat(failed.getEventsList()).hasSize(1);
    assertThat(failed.getEvents(0).getName()).isEqualTo("exception");
    String stackTrace =
        io.querylens.it.support.OtlpAttributes.string(
            failed.getEvents(0).getAttributesList(), "exception.stacktrace");
    assertThat(stackTrace).startsWith("org.postgresql.util.PSQLException\n\tat ");
    assertThat(
            io.querylens.it.support.OtlpAttributes.string(
                failed.getEvents(0).getAttributesList(), "exception.message"))
        .isNull();
  }

  @Test
  void theDurationHistogramCountsEveryStatement() {
    traced(sampleApp(SampleApp.class), Transport.HTTP).run().requireSuccess();

    receiver.awaitSpans(span -> true, POSTGRES_SPAN_NAMES.size(), WAIT);
    Metric duration = receiver.awaitLatestExport("db.client.operation.duration", WAIT);
    assertThat(duration.getHistogram().getDataPointsList())
        .allSatisfy(
            point -> {
              assertThat(attr(point, "db.system.name")).isEqualTo("postgresql");
              assertThat(point.getExplicitBoundsList())
                  .containsExactly(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);
            });
    long counted =
        duration.getHistogram().getDataPointsList().stream()
            .mapToLong(HistogramDataPoint::getCount)
            .sum();
    assertThat(counted).isEqualTo(POSTGRES_SPAN_NAMES.size());
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(
            duration.getHistogram().getDataPointsList().stream()
                .filter(point -> "42P01".equals(attr(point, "db.response.status_code")))
                .mapToLong(HistogramDataPoint::getCount)
                .sum())
        .isEqualTo(1);
  }

  @Test
  void everySpanIsAccountedForInTheSpanProcessorsOwnCounter() {
    traced(sampleApp(SampleApp.class), Transport.HTTP).run().requireSuccess();

    receiver.awaitSpans(span -> true, POSTGRES_SPAN_NAMES.size(), WAIT);
    assertThat(receiver.processedSpans(false, WAIT)).isEqualTo(POSTGRES_SPAN_NAMES.size());
    assertThat(receiver.processedSpans(true, WAIT)).isZero();
  }

  @Test
  void spansPastTheQueuesCapacityAreDroppedAndCountedNeverLostSilently() {
    // A collector slow to answer holds the exporter while the application fills the tiny queue:
    // without it, whether the exporter keeps up with 12 statements is a race.
    receiver.delayResponses(Duration.ofMillis(1000));
    try {
      traced(sampleApp(SampleApp.class), Transport.HTTP)
          .systemProperty("otel.bsp.max.queue.size", "2")
          .systemProperty("otel.bsp.max.export.batch.size", "2")
          .systemProperty("otel.bsp.schedule.delay", "60000")
          .run()
          .requireSuccess();
    } finally {
      receiver.delayResponses(Duration.ZERO);
    }

    receiver.awaitLatestExport("processedSpans", WAIT);
    long dropped = receiver.processedSpans(true, WAIT);
    assertThat(dropped).isPositive();
    assertThat(receiver.spans().size() + dropped).isEqualTo(POSTGRES_SPAN_NAMES.size());
    assertThat(receiver.processedSpans(false, WAIT)).isEqualTo(receiver.spans().size());
    long counted =
        receiver
            .awaitLatestExport("db.client.operation.duration", WAIT)
            .getHistogram()
            .getDataPointsList()
            .stream()
            .mapToLong(HistogramDataPoint::getCount)
            .sum();
    assertThat(counted).isEqualTo(POSTGRES_SPAN_NAMES.size());
  }

  @Test
  void aCollectorThatIsDownChangesNothingForTheApplication() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ForkedJvm.Result without = sampleApp(SampleApp.class).run().requireSuccess();
    ForkedJvm.Result with =
        sampleApp(SampleApp.class)
            .javaagent(ForkedJvm.agentJar())
            .systemProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + closedPort)
            .systemProperty("otel.bsp.schedule.delay", "100")
            .timeout(Duration.ofMinutes(1))
            .run()
            .requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
  }

  @Test
  void noLiteralAndNoPasswordOfTheApplicationIsEverExported() {
    traced(sampleApp(SampleApp.class), Transport.HTTP).run().requireSuccess();
    receiver.awaitSpans(span -> true, POSTGRES_SPAN_NAMES.size(), WAIT);
    receiver.awaitLatestExport("db.client.operation.duration", WAIT);

    String everything = receiver.everythingReceivedAsText();
    assertThat(everything)
        .doesNotContain(SampleApp.SECRET_EMAIL)
        .doesNotContain(SampleApp.SECRET_CARD)
        .doesNotContain(SampleApp.SECRET_NAME)
        .doesNotContain(Long.toString(SampleApp.SECRET_NUMBER))
        .doesNotContain("user1@example.com")
        .doesNotContain("renamed")
        .doesNotContain(DB_PASSWORD);
  }

  @Test
  void aPoolsProxyAroundTheDriverGivesOneSpanPerStatement() {
    traced(sampleApp(PooledSampleApp.class), Transport.HTTP).run().requireSuccess();

    List<Span> spans = receiver.awaitSpans(span -> true, POSTGRES_SPAN_NAMES.size(), WAIT);
    settle();
    assertThat(receiver.spans())
        .extracting(Span::getName)
        .containsExactlyElementsOf(POSTGRES_SPAN_NAMES);
    assertThat(spans).allSatisfy(AgentTracingIT::hasConnectionAttributes);
  }

  @Test
  void aNonPostgresDriverIsTracedWithItsOwnSystemName() {
    ForkedJvm h2 =
        ForkedJvm.main(SampleApp.class.getName())
            .sampleAppClasspath()
            .args("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1", "sa", "", "h2");
    traced(h2, Transport.HTTP).run().requireSuccess();

    List<Span> spans = receiver.awaitSpans(span -> true, 11, WAIT);
    assertThat(spans)
        .allSatisfy(span -> assertThat(attr(span, "db.system.name")).isEqualTo("h2database"));
    assertThat(spans).allSatisfy(span -> assertThat(attr(span, "server.address")).isNull());
    assertThat(spans)
        .extracting(Span::getName)
        .contains("SELECT customers", "BATCH INSERT customers");
  }

  @Test
  void worksOnJava25() {
    Optional<Path> java25 = ForkedJvm.java25Home();
    Assumptions.assumeTrue(java25.isPresent(), "no Java 25 JDK at querylens.java25.home");

    ForkedJvm.Result result =
        traced(sampleApp(SampleApp.class).javaHome(java25.get()), Transport.HTTP)
            .run()
            .requireSuccess();

    assertThat(result.stdout()).contains("DONE");
    List<Span> spans = receiver.awaitSpans(span -> true, POSTGRES_SPAN_NAMES.size(), WAIT);
    assertThat(spans).extracting(Span::getName).containsExactlyElementsOf(POSTGRES_SPAN_NAMES);
  }

  @Test
  void anApplicationBundlingItsOwnOpenTelemetryAndByteBuddyRunsUnchanged() {
    ForkedJvm app =
        ForkedJvm.main(BundledOpenTelemetryApp.class.getName())
            .sampleAppClasspath()
            .bundledLibsClasspath()
            .args(postgres.jdbcUrl(), postgres.user(), DB_PASSWORD);
    ForkedJvm.Result without = app.run().requireSuccess();
    ForkedJvm.Result with = traced(app, Transport.HTTP).run().requireSuccess();

    assertThat(with.stdout())
        .contains("OTEL_FROM opentelemetry-sdk-trace-1.40.0.jar")
        .contains("BYTEBUDDY_FROM byte-buddy-1.15.10.jar")
        .contains("BYTEBUDDY_MADE true")
        .contains("RESULT select 42");
    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
    assertThat(receiver.awaitSpan(span -> span.getName().equals("SELECT"), WAIT)).isNotNull();
  }

  @Test
  void aServiceNameIsDerivedWhenNoneIsConfigured() {
    traced(sampleApp(SampleApp.class), Transport.HTTP).run().requireSuccess();

    receiver.awaitSpans(span -> true, 1, WAIT);
    assertThat(resourceAttr(receiver.resourceSpans().get(0).getResource(), "service.name"))
        .isEqualTo("SampleApp");
    assertThat(resourceAttr(receiver.resourceSpans().get(0).getResource(), "telemetry.distro.name"))
        .isEqualTo("querylens");
  }

  @Test
  void theConfiguredServiceNameWins() {
    traced(sampleApp(SampleApp.class), Transport.HTTP)
        .env("OTEL_SERVICE_NAME", "checkout")
        .run()
        .requireSuccess();

    receiver.awaitSpans(span -> true, 1, WAIT);
    assertThat(resourceAttr(receiver.resourceSpans().get(0).getResource(), "service.name"))
        .isEqualTo("checkout");
  }

  @Test
  void disabledByConfigurationTheAgentTracesNothingAndSaysSo() {
    ForkedJvm.Result result =
        traced(sampleApp(SampleApp.class), Transport.HTTP)
            .systemProperty("otel.instrumentation.querylens.enabled", "false")
            .run()
            .requireSuccess();

    assertThat(result.stdout()).contains("DONE");
    assertThat(result.stderr())
        .contains("[querylens] disabled by otel.instrumentation.querylens.enabled=false");
    settle();
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void malformedConfigurationIsOneLineNamingTheKeyAndTheApplicationRuns() {
    ForkedJvm.Result result =
        traced(sampleApp(SampleApp.class), Transport.HTTP)
            .env("OTEL_TRACES_EXPORTER", "carrier-pigeon")
            .systemProperty("otel.instrumentation.querylens.statement-cache.max-entries", "lots")
            .run()
            .requireSuccess();

    assertThat(result.stdout()).contains("DONE");
    List<String> ourLines =
        result.stderr().lines().filter(line -> line.startsWith("[querylens]")).toList();
    assertThat(ourLines)
        .anySatisfy(
            line -> assertThat(line).contains("otel.traces.exporter").contains("carrier-pigeon"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("otel.instrumentation.querylens.statement-cache.max-entries")
                    .contains("lots"));
  }

  // ---- helpers ----

  private static ForkedJvm sampleApp(Class<?> main) {
    return ForkedJvm.main(main.getName())
        .sampleAppClasspath()
        .args(postgres.jdbcUrl(), postgres.user(), DB_PASSWORD);
  }

  private static ForkedJvm traced(ForkedJvm jvm, Transport transport) {
    return jvm.javaagent(ForkedJvm.agentJar())
        .systemProperties(receiver.exporterSettings(transport))
        .systemProperty("otel.metric.export.interval", "500")
        .systemProperty("otel.bsp.schedule.delay", "200")
        .timeout(Duration.ofMinutes(2));
  }

  private static void hasConnectionAttributes(Span span) {
    assertThat(attr(span, "db.system.name")).isEqualTo("postgresql");
    assertThat(attr(span, "db.namespace")).isEqualTo("postgres");
    assertThat(attr(span, "server.address")).isEqualTo("127.0.0.1");
    assertThat(longAttr(span, "server.port")).isEqualTo((long) postgres.port());
    assertThat(attr(span, "querylens.query.fingerprint")).matches("[0-9a-f]{16}");
  }

  /** The application's own output: its RESULT lines, not the JVM's or the agent's. */
  private static List<String> resultLines(String stdout) {
    return stdout.lines().filter(line -> line.startsWith("RESULT") || line.equals("DONE")).toList();
  }

  /** Gives a late (wrong) extra span the chance to arrive before asserting there is none. */
  private static void settle() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
