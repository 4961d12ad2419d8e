package io.querylens.it.rows;

import static io.querylens.it.support.OtlpAttributes.attr;
import static io.querylens.it.support.OtlpAttributes.longAttr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.querylens.it.app.NPlusOneApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An N+1 loop inside an application span is exactly one {@code n_plus_one} finding, naming how
 * often the statement ran, the statement whose rows drove the loop and the span's name (of the
 * application's own SDK, and of the OpenTelemetry Java agent's); the same data read with one join
 * is none. With no trace, a loop inside one database transaction is a finding keyed by it, and the
 * same loop in autocommit mode is none.
 */
class NPlusOneIT {

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String EVENT = "querylens.finding.n_plus_one";
  private static final String EVIDENCE = "querylens.finding.evidence.";

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
  void theLoopIsOneFindingNamingItsCountAndDrivingStatementAndTheJoinIsNone() throws Exception {
    String stdout = app("own-sdk").javaagent(ForkedJvm.agentJar()).run().requireSuccess().stdout();
    String loopTrace = requestTrace(stdout, "loop");
    String joinTrace = requestTrace(stdout, "join");
    long orders = Long.parseLong(requestLine(stdout, "loop")[3]);

    List<LogRecord> findings =
        receiver.awaitLogRecords(record -> record.getEventName().equals(EVENT), 1, WAIT);
    Thread.sleep(500); // a moment for any second one

    assertThat(receiver.logRecords())
        .filteredOn(record -> record.getEventName().equals(EVENT))
        .hasSize(1);
    LogRecord finding = findings.get(0);
    assertThat(attr(finding, "querylens.finding.kind")).isEqualTo("n_plus_one");
    assertThat(attr(finding, EVIDENCE + "trace_id")).isEqualTo(loopTrace).isNotEqualTo(joinTrace);
    assertThat(longAttr(finding, EVIDENCE + "executions")).isEqualTo(orders);
    assertThat(attr(finding, EVIDENCE + "statement")).isEqualTo("SELECT np_lines");
    assertThat(attr(finding, EVIDENCE + "driving_statement")).isEqualTo("SELECT np_orders");
    assertThat(longAttr(finding, EVIDENCE + "driving_rows")).isEqualTo(orders);
    assertThat(finding.getBody().getStringValue()).contains("SELECT np_orders");
    assertThat(attr(finding, EVIDENCE + "keyed_by")).isEqualTo("trace");
    assertThat(attr(finding, EVIDENCE + "parent_span_name"))
        .isEqualTo("GET /customers/1/orders loop");
  }

  @Test
  void underTheOpenTelemetryJavaagentTheFindingNamesTheAgentsParentSpan() throws Exception {
    String stdout =
        app("global")
            .jvmArg("-javaagent:" + ForkedJvm.openTelemetryJavaagent())
            .jvmArg("-javaagent:" + ForkedJvm.agentJar())
            .systemProperty("otel.instrumentation.jdbc.enabled", "false")
            .timeout(Duration.ofMinutes(3))
            .run()
            .requireSuccess()
            .stdout();
    String loopTrace = requestTrace(stdout, "loop");

    LogRecord finding =
        receiver.awaitLogRecords(record -> record.getEventName().equals(EVENT), 1, WAIT).get(0);

    assertThat(attr(finding, EVIDENCE + "trace_id")).isEqualTo(loopTrace);
    assertThat(attr(finding, EVIDENCE + "parent_span_name"))
        .isEqualTo("GET /customers/1/orders loop");
  }

  @Test
  void withNoTraceALoopInOneTransactionIsOneFindingAndInAutocommitNone() throws Exception {
    String stdout =
        app("transactions").javaagent(ForkedJvm.agentJar()).run().requireSuccess().stdout();
    long orders =
        Long.parseLong(
            stdout
                .lines()
                .filter(line -> line.startsWith("TRANSACTION loop "))
                .findFirst()
                .orElseThrow()
                .split(" ")[2]);

    List<LogRecord> findings =
        receiver.awaitLogRecords(record -> record.getEventName().equals(EVENT), 1, WAIT);
    Thread.sleep(500); // a moment for any second one (the app told every loop as it closed)

    assertThat(receiver.logRecords())
        .filteredOn(record -> record.getEventName().equals(EVENT))
        .hasSize(1);
    LogRecord finding = findings.get(0);
    assertThat(attr(finding, EVIDENCE + "keyed_by")).isEqualTo("transaction");
    assertThat(longAttr(finding, EVIDENCE + "executions")).isEqualTo(orders);
    assertThat(attr(finding, EVIDENCE + "statement")).isEqualTo("SELECT np_lines");
    assertThat(attr(finding, EVIDENCE + "driving_statement")).isEqualTo("SELECT np_orders");
    assertThat(attr(finding, EVIDENCE + "trace_id")).isNull();
    assertThat(finding.getBody().getStringValue()).contains("in one transaction");
  }

  private static ForkedJvm app(String mode) {
    return ForkedJvm.main(NPlusOneApp.class.getName())
        .sampleAppClasspath()
        .openTelemetrySdkClasspath()
        .args(postgres.jdbcUrl(), postgres.user(), "unused", mode)
        .systemProperties(receiver.exporterSettings(Transport.HTTP))
        .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false");
  }

  private static String requestTrace(String stdout, String kind) {
    return requestLine(stdout, kind)[2];
  }

  private static String[] requestLine(String stdout, String kind) {
    return stdout
        .lines()
        .filter(line -> line.startsWith("REQUEST " + kind + " "))
        .findFirst()
        .orElseThrow()
        .split(" ");
  }
}
