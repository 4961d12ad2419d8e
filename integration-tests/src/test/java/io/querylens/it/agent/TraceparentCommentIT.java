package io.querylens.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.TraceparentCommentApp;
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
 * The request's trace carried into a plain statement's text: with {@code
 * otel.instrumentation.querylens.trace-context.sql-comment=true}, a plain statement running inside
 * an application span is sent with a trailing {@code /*traceparent='...'*}{@code /} comment naming
 * that span, so {@code pg_stat_activity.query} shows it and the sampler's session event lands in
 * the request's trace; QueryLens's own span keeps the application's text and is the child of the
 * span the comment names; a prepared statement and a statement outside any span are sent as
 * written. Off by default. One forked application per setting, its lines read by several tests.
 */
class TraceparentCommentIT {

  private static final String PREFIX = "otel.instrumentation.querylens.";
  private static final String SLEEP = "SELECT pg_sleep(5)";
  private static final String OWN_TEXT =
      "SELECT query FROM pg_stat_activity WHERE pid = pg_backend_pid()";

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;
  private static ForkedJvm.Result on;

  @BeforeAll
  static void runTheApplicationWithTheCommentOn() {
    postgres = EmbeddedPostgresServer.start(18);
    receiver = OtlpReceiver.start();
    on =
        app()
            .systemProperty(PREFIX + "trace-context.sql-comment", "true")
            .systemProperties(receiver.exporterSettings(Transport.HTTP))
            .systemProperty("otel.traces.exporter", "otlp")
            .systemProperty("otel.logs.exporter", "otlp")
            .systemProperty(PREFIX + "sampler.enabled", "true")
            .systemProperty(PREFIX + "sampler.interval", "500ms")
            .systemProperty("otel.blrp.schedule.delay", "200")
            .systemProperty("otel.bsp.schedule.delay", "200")
            .systemProperty("comment.app.sleep", "5")
            .run()
            .requireSuccess();
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

  @Test
  void aRunningPlainStatementShowsItsRequestsTraceparentInPgStatActivity() {
    String traceparent = requestTraceparent();

    assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(on.stdoutLine("SEEN "))
        .isEqualTo("SEEN " + SLEEP + " /*traceparent='" + traceparent + "'*/");
    assertThat(on.stderr()).contains("trace-context.sql-comment=true");
  }

  @Test
  void theCommentNamesTheParentOfQueryLensSpanWhichKeepsTheApplicationsText() {
    String traceparent = requestTraceparent();

    Span statement =
        receiver.awaitSpan(
            span -> String.valueOf(attribute(span, "db.query.text")).contains("pg_sleep"),
            Duration.ofSeconds(30));

    assertThat(String.valueOf(attribute(statement, "db.query.text"))).doesNotContain("traceparent");
    assertThat(hex(statement.getTraceId().toByteArray())).isEqualTo(traceparent.substring(3, 35));
    assertThat(hex(statement.getParentSpanId().toByteArray()))
        .isEqualTo(traceparent.substring(36, 52));
  }

  @Test
  void theSamplersSessionEventOfTheRunningStatementIsInTheRequestsTrace() {
    String traceparent = requestTraceparent();

    LogRecord sleeping =
        receiver
            .awaitLogRecords(
                record ->
                    record.getEventName().equals("db.server.query_sample")
                        && String.valueOf(attribute(record, "db.query.text")).contains("pg_sleep"),
                1,
                Duration.ofSeconds(60))
            .get(0);

    assertThat(hex(sleeping.getTraceId().toByteArray())).isEqualTo(traceparent.substring(3, 35));
    assertThat(attribute(sleeping, "querylens.trace.source")).isEqualTo("sqlcommenter");
    assertThat(String.valueOf(attribute(sleeping, "db.query.text"))).doesNotContain("traceparent");
  }

  @Test
  void aPreparedStatementAndAStatementOutsideAnySpanAreSentAsWritten() {
    assertThat(on.stdoutLine("PREPARED ")).isEqualTo("PREPARED " + OWN_TEXT + " AND $1 = 1");
    assertThat(on.stdoutLine("OUTSIDE ")).isEqualTo("OUTSIDE " + OWN_TEXT);
  }

  @Test
  void throughAPoolsProxyStatementTheTextCarriesOneCommentAndABatchCarriesItToo() {
    String traceparent = on.stdoutLine("POOLED_REQUEST ").substring("POOLED_REQUEST ".length());
    String comment = " /*traceparent='" + traceparent + "'*/";

    assertThat(on.stdoutLine("POOLED ")).isEqualTo("POOLED " + OWN_TEXT + comment);
    assertThat(on.stdoutLine("BATCHED "))
        .isEqualTo(
            "BATCHED INSERT INTO seen_texts SELECT query FROM pg_stat_activity"
                + " WHERE pid = pg_backend_pid()"
                + comment);
  }

  @Test
  void noSpanOfQueryLensShowsTheComment() {
    receiver.awaitSpan(
        span ->
            String.valueOf(attribute(span, "db.query.text")).startsWith("INSERT INTO seen_texts"),
        Duration.ofSeconds(30));

    assertThat(receiver.spans())
        .extracting(span -> String.valueOf(attribute(span, "db.query.text")))
        .isNotEmpty()
        .noneMatch(text -> text.contains("traceparent"));
  }

  @Test
  void offByDefaultNoStatementCarriesAComment() {
    ForkedJvm.Result off = app().run().requireSuccess();

    assertThat(off.stdoutLine("SEEN ")).isEqualTo("SEEN SELECT pg_sleep(2)");
    assertThat(off.stdoutLine("POOLED ")).isEqualTo("POOLED " + OWN_TEXT);
    assertThat(off.stderr()).doesNotContain("trace-context.sql-comment");
  }

  private static String requestTraceparent() {
    return on.stdoutLine("REQUEST ").substring("REQUEST ".length());
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static Object attribute(LogRecord record, String key) {
    return OtlpAttributes.toMap(record.getAttributesList()).get(key);
  }

  private static Object attribute(Span span, String key) {
    return OtlpAttributes.toMap(span.getAttributesList()).get(key);
  }

  private static ForkedJvm app() {
    return ForkedJvm.main(TraceparentCommentApp.class.getName())
        .sampleAppClasspath()
        .openTelemetrySdkClasspath()
        .javaagent(ForkedJvm.agentJar())
        .args(postgres.jdbcUrl(), postgres.user(), "unused")
        .systemProperty("otel.traces.exporter", "none")
        .systemProperty("otel.metrics.exporter", "none")
        .systemProperty("otel.logs.exporter", "none")
        .systemProperty(PREFIX + "sampler.enabled", "false")
        .timeout(Duration.ofMinutes(2));
  }
}
