package io.querylens.it.agent;

import static io.querylens.it.support.OtlpAttributes.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.querylens.it.app.SlowingApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The running agent compares each statement shape's latencies in one window with the window before,
 * and a shape that slowed down is a {@code regression} finding, exported like every other.
 */
class AgentRegressionIT {

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;

  @BeforeAll
  static void runAShapeFastThenSlowWithTheAgent() {
    postgres = EmbeddedPostgresServer.start(17);
    receiver = OtlpReceiver.start();
    ForkedJvm.main(SlowingApp.class.getName())
        .sampleAppClasspath()
        .javaagent(ForkedJvm.agentJar())
        .args(postgres.jdbcUrl(), postgres.user(), "", "4000", "5000")
        .systemProperties(receiver.exporterSettings(Transport.HTTP))
        .systemProperty("otel.instrumentation.querylens.sampler.interval", "500ms")
        .systemProperty("otel.instrumentation.querylens.advisor.regression-window", "1s")
        .systemProperty("otel.instrumentation.querylens.advisor.regression-min-calls", "20")
        .timeout(Duration.ofMinutes(2))
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
  void aShapeSlowerThanInTheWindowBeforeIsARegressionEvent() {
    List<LogRecord> regressions =
        receiver.awaitLogRecords(
            record ->
                record.getEventName().equals("querylens.finding.regression")
                    && "SELECT pg_sleep(?)"
                        .equals(attr(record, "querylens.finding.evidence.query")),
            1,
            Duration.ofSeconds(30));

    LogRecord regression = regressions.get(0);
    assertThat(attr(regression, "querylens.finding.kind")).isEqualTo("regression");
    assertThat(attr(regression, "querylens.finding.object")).startsWith("fingerprint ");
    // The first window with slow executions may still hold fast ones: its mean may be under the
    // slow calls' 8 ms, but a regression needs 5%+ of them slow, and those set the p95.
    assertThat(regression.getAttributesList())
        .anySatisfy(
            kv -> {
              assertThat(kv.getKey()).isEqualTo("querylens.finding.evidence.p95_now_ms");
              assertThat(kv.getValue().getDoubleValue()).isGreaterThan(2.0);
            });
    assertThat(attr(regression, "querylens.finding.evidence.compared_with"))
        .isEqualTo("the window before (1s each)");
  }
}
