package io.querylens.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.querylens.it.app.TraceparentInSessionApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpAttributes;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request's trace carried into PostgreSQL: with {@code
 * otel.instrumentation.querylens.trace-context.application-name=true}, a session running a traced
 * request's statement shows that request's traceparent as its {@code application_name} in {@code
 * pg_stat_activity}; prepared statements stay prepared once; a statement outside any request runs
 * under the application's own name again. Off by default.
 */
class TraceparentInSessionIT {

  private static final String PGJDBC_DEFAULT_NAME = "PostgreSQL JDBC Driver";

  private static EmbeddedPostgresServer postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = EmbeddedPostgresServer.start(18);
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aRunningStatementShowsItsRequestsTraceparentInPgStatActivity() {
    ForkedJvm.Result result =
        app()
            .systemProperty("otel.instrumentation.querylens.trace-context.application-name", "true")
            .run()
            .requireSuccess();

    String traceparent = result.stdoutLine("SLEEPING ").substring("SLEEPING ".length());
    assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(result.stdoutLine("SEEN ")).isEqualTo("SEEN " + traceparent);
    assertThat(result.stdoutLine("PREPARED ")).isEqualTo("PREPARED 1");
    assertThat(result.stdoutLine("OUTSIDE ")).isEqualTo("OUTSIDE " + PGJDBC_DEFAULT_NAME);
    assertThat(result.stderr()).contains("trace-context.application-name=true");
  }

  @Test
  void theSamplersSessionEventOfTheRunningStatementIsInTheRequestsTrace() {
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ForkedJvm.Result result =
          app()
              .systemProperty(
                  "otel.instrumentation.querylens.trace-context.application-name", "true")
              .systemProperties(receiver.exporterSettings(Transport.HTTP))
              .systemProperty("otel.logs.exporter", "otlp")
              .systemProperty("otel.instrumentation.querylens.sampler.enabled", "true")
              .systemProperty("otel.instrumentation.querylens.sampler.interval", "500ms")
              .systemProperty("otel.blrp.schedule.delay", "200")
              .systemProperty("traceparent.app.sleep", "5")
              .run()
              .requireSuccess();
      String traceparent = result.stdoutLine("SLEEPING ").substring("SLEEPING ".length());
      String traceId = traceparent.substring(3, 35);

      LogRecord sleeping =
          receiver
              .awaitLogRecords(
                  record ->
                      record.getEventName().equals("db.server.query_sample")
                          && String.valueOf(attribute(record, "db.query.text"))
                              .contains("pg_sleep"),
                  1,
                  Duration.ofSeconds(60))
              .get(0);

      assertThat(HexFormat.of().formatHex(sleeping.getTraceId().toByteArray())).isEqualTo(traceId);
      assertThat(attribute(sleeping, "querylens.trace.source")).isEqualTo("application_name");
    }
  }

  @Test
  void offByDefaultTheSessionKeepsTheApplicationsOwnName() {
    ForkedJvm.Result result = app().run().requireSuccess();

    assertThat(result.stdoutLine("SEEN ")).isEqualTo("SEEN " + PGJDBC_DEFAULT_NAME);
    assertThat(result.stdoutLine("PREPARED ")).isEqualTo("PREPARED 1");
  }

  private static Object attribute(LogRecord record, String key) {
    return OtlpAttributes.toMap(record.getAttributesList()).get(key);
  }

  private static ForkedJvm app() {
    return ForkedJvm.main(TraceparentInSessionApp.class.getName())
        .sampleAppClasspath()
        .openTelemetrySdkClasspath()
        .javaagent(ForkedJvm.agentJar())
        .args(postgres.jdbcUrl(), postgres.user(), "unused")
        .systemProperty("otel.traces.exporter", "none")
        .systemProperty("otel.metrics.exporter", "none")
        .systemProperty("otel.logs.exporter", "none")
        .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false")
        .timeout(Duration.ofMinutes(2));
  }
}
