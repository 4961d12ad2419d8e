package io.querylens.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.OwnRootLoggingApp;
import io.querylens.it.app.SampleApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Signal;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a newcomer meets with the least configuration, and with a collector that is down. */
class NewcomerDefaultsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

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
  void theEndpointAloneDeliversOverHttpProtobuf() {
    ForkedJvm.main(SampleApp.class.getName())
        .sampleAppClasspath()
        .args(postgres.jdbcUrl(), postgres.user(), "unused")
        .javaagent(ForkedJvm.agentJar())
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.httpEndpoint())
        .run()
        .requireSuccess();

    List<Span> spans = receiver.awaitSpans(span -> true, 1, WAIT);
    assertThat(spans).isNotEmpty();
    assertThat(receiver.requestCount(Signal.TRACES, Transport.HTTP)).isPositive();
    assertThat(receiver.requestCount(Signal.TRACES, Transport.GRPC)).isZero();
  }

  @Test
  void aDownCollectorIsToldOnlyInOurOwnLinesNeverThroughTheApplicationsRootLogger() {
    ForkedJvm.Result result =
        ForkedJvm.main(OwnRootLoggingApp.class.getName())
            .sampleAppClasspath()
            .args(postgres.jdbcUrl(), postgres.user(), "unused")
            .javaagent(ForkedJvm.agentJar())
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort())
            .systemProperty("otel.bsp.schedule.delay", "200")
            .systemProperty("otel.metric.export.interval", "500")
            // Each failed export is told once it has given up: without retries, within the run.
            .systemProperty("otel.java.exporter.otlp.retry.disabled", "true")
            .systemProperty("own.app.run-millis", "4000")
            .run()
            .requireSuccess();

    assertThat(result.stdout()).contains("DONE");
    // The application's own records (its driver's) are its own; none of ours may be among them.
    assertThat(result.stdout().lines().filter(line -> line.startsWith("APP-LOG")))
        .as(result.stdout())
        .noneMatch(line -> line.contains(" io.querylens"))
        .noneMatch(line -> line.contains("opentelemetry"));
    // Standard error holds our lines, and the JVM's own warning about the appended boot class path.
    List<String> errorLines =
        result
            .stderr()
            .lines()
            .filter(line -> !line.isBlank())
            .filter(line -> !line.contains("VM warning"))
            .toList();
    assertThat(errorLines)
        .as(result.stderr())
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).startsWith("[querylens]"))
        .anySatisfy(line -> assertThat(line).contains("OpenTelemetry SDK: Failed to export"));
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
