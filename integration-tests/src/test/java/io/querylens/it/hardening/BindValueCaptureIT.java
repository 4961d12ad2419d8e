package io.querylens.it.hardening;

import static io.querylens.it.hardening.Hardening.agentLines;
import static io.querylens.it.hardening.Hardening.resultLines;
import static io.querylens.it.support.OtlpAttributes.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.BindValuesApp;
import io.querylens.it.app.PooledSampleApp;
import io.querylens.it.app.SampleApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bind values are the application's data: off by default, none is exported (as {@link
 * DataProtectionIT} checks for every place SQL carries values); turned on with {@code
 * otel.instrumentation.querylens.capture-bind-values=true}, a prepared statement's single execution
 * carries them as {@code db.query.parameter.<position>}, bounded, and never on a batch, a metric or
 * a log line. Either way the application sees exactly what it sees without the agent.
 */
class BindValueCaptureIT {

  private static final String CAPTURE = "otel.instrumentation.querylens.capture-bind-values";
  private static final String PARAMETER = "db.query.parameter.";

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;
  private static List<String> withoutAgent;

  @BeforeAll
  static void startAndRunOnceWithoutTheAgent() {
    postgres = EmbeddedPostgresServer.start(18);
    receiver = OtlpReceiver.start();
    withoutAgent = resultLines(app().run().requireSuccess().stdout());
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
  void byDefaultNoBindValueLeavesTheProcess() {
    ForkedJvm.Result run = traced().run().requireSuccess();

    assertThat(resultLines(run.stdout())).isEqualTo(withoutAgent).hasSize(5);
    List<Span> spans = receiver.awaitSpans(span -> true, 6, Hardening.WAIT);
    assertThat(spans).allSatisfy(span -> assertThat(parameterKeys(span)).isEmpty());
    assertThat(receiver.everythingReceivedAsText())
        .doesNotContain(BindValuesApp.EMAIL)
        .doesNotContain(BindValuesApp.BATCH_EMAIL)
        .doesNotContain(BindValuesApp.QUERIED_EMAIL);
    assertThat(run.stdout() + run.stderr()).doesNotContain(BindValuesApp.EMAIL);
  }

  @Test
  void turnedOnEachPreparedExecutionCarriesItsValuesByPosition() {
    ForkedJvm.Result run = traced().systemProperty(CAPTURE, "true").run().requireSuccess();

    assertThat(resultLines(run.stdout())).isEqualTo(withoutAgent);
    List<Span> inserts =
        receiver.awaitSpans(span -> span.getName().equals("INSERT accounts"), 2, Hardening.WAIT);
    Span first = inserts.get(0);
    assertThat(parameter(first, 0)).isEqualTo("1");
    assertThat(parameter(first, 1)).isEqualTo(BindValuesApp.EMAIL);
    assertThat(parameter(first, 2)).isEqualTo("12.50");
    assertThat(parameter(first, 3)).isEqualTo("2026-11-22");
    assertThat(parameter(first, 4)).isEqualTo("2026-11-22 10:15:30.0");
    assertThat(parameter(first, 5)).isEqualTo("true");
    assertThat(parameter(first, 6)).isEqualTo("<null>");
    assertThat(parameter(first, 7)).isEqualTo("<bytes>");
    assertThat(parameter(first, 8)).isEqualTo("0.25");
    assertThat(parameterKeys(first)).hasSize(9);

    Span second = inserts.get(1);
    assertThat(parameter(second, 0)).isEqualTo("2");
    assertThat(parameter(second, 1))
        .as("kept from the first execution")
        .isEqualTo(BindValuesApp.EMAIL);
    assertThat(parameter(second, 6)).as("cut at 256 chars").isEqualTo("n".repeat(256));
    assertThat(parameter(second, 7)).isEqualTo("<stream>");

    Span select =
        receiver.awaitSpan(span -> span.getName().equals("SELECT accounts"), Hardening.WAIT);
    assertThat(parameter(select, 0)).isEqualTo(BindValuesApp.EMAIL);
    assertThat(parameter(select, 1)).isEqualTo("2");
  }

  @Test
  void turnedOnBatchesMetricsAndLogsStillCarryNoValue() {
    ForkedJvm.Result run = traced().systemProperty(CAPTURE, "true").run().requireSuccess();

    Span batch =
        receiver.awaitSpan(span -> span.getName().equals("BATCH INSERT accounts"), Hardening.WAIT);
    assertThat(parameterKeys(batch)).isEmpty();
    assertThat(receiver.everythingReceivedAsText())
        .doesNotContain(BindValuesApp.BATCH_EMAIL)
        .doesNotContain(BindValuesApp.QUERIED_EMAIL);
    List<HistogramDataPoint> durations =
        receiver
            .awaitLatestExport("db.client.operation.duration", Hardening.WAIT)
            .getHistogram()
            .getDataPointsList();
    assertThat(durations)
        .isNotEmpty()
        .allSatisfy(
            point ->
                assertThat(point.getAttributesList())
                    .extracting(KeyValue::getKey)
                    .noneMatch(key -> key.startsWith(PARAMETER)));
    assertThat(run.stdout() + run.stderr()).doesNotContain(BindValuesApp.EMAIL);
    assertThat(agentLines(run.stderr()))
        .anySatisfy(line -> assertThat(line).contains(CAPTURE + "=true"));
  }

  @Test
  void turnedOnAPoolsProxyAndACallableStatementCarryTheValuesTheApplicationSet() {
    ForkedJvm pooled =
        ForkedJvm.main(PooledSampleApp.class.getName())
            .sampleAppClasspath()
            .args(postgres.jdbcUrl(), postgres.user(), "");
    Hardening.traced(pooled, receiver)
        .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false")
        .systemProperty(CAPTURE, "true")
        .run()
        .requireSuccess();

    receiver.awaitSpans(span -> true, 12, Hardening.WAIT);
    Span update =
        receiver.awaitSpan(span -> span.getName().equals("UPDATE customers"), Hardening.WAIT);
    assertThat(parameter(update, 0)).isEqualTo(SampleApp.SECRET_CARD);
    assertThat(parameter(update, 1)).isEqualTo("3");
    Span call = receiver.awaitSpan(span -> span.getName().equals("call upper"), Hardening.WAIT);
    assertThat(parameterKeys(call))
        .as("the out parameter is registered, not set")
        .containsExactly(PARAMETER + "1");
    assertThat(parameter(call, 1)).isEqualTo("callable");
    assertThat(receiver.spans()).as("one span per statement through the pool's proxy").hasSize(12);
  }

  // ---- helpers ----

  private static ForkedJvm app() {
    return ForkedJvm.main(BindValuesApp.class.getName())
        .sampleAppClasspath()
        .args(postgres.jdbcUrl(), postgres.user(), "");
  }

  private static ForkedJvm traced() {
    return Hardening.traced(app(), receiver)
        .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false");
  }

  private static String parameter(Span span, int position) {
    return attr(span, PARAMETER + position);
  }

  private static List<String> parameterKeys(Span span) {
    return span.getAttributesList().stream()
        .map(KeyValue::getKey)
        .filter(key -> key.startsWith(PARAMETER))
        .toList();
  }
}
