package io.querylens.it.hardening;

import static io.querylens.it.hardening.Hardening.attribute;
import static io.querylens.it.hardening.Hardening.distinctSpans;
import static io.querylens.it.hardening.Hardening.release;
import static io.querylens.it.hardening.Hardening.resultLines;
import static io.querylens.it.hardening.Hardening.total;
import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.app.RoundsApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The collector misbehaves while the application runs: down from the start, going down mid-run,
 * answering 503, answering after 10 seconds. The application's results never change, and every
 * statement's span is either received or counted as lost in the SDK's own counters, which reach the
 * collector once it is back.
 */
class CollectorFaultsIT {

  private static final int ROUNDS = 6;
  private static final int STATEMENTS =
      RoundsApp.SETUP_STATEMENTS + ROUNDS * RoundsApp.STATEMENTS_PER_ROUND;

  private static final int RETRY_ATTEMPTS = 5;

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;
  private static List<String> withoutAgent;

  @BeforeAll
  static void startAndRunOnceWithoutTheAgent() {
    postgres = EmbeddedPostgresServer.start(18);
    receiver = OtlpReceiver.start();
    withoutAgent = resultLines(app(null, null).run().requireSuccess().stdout());
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
  void aHealthyCollector() {
    receiver.respondWith(200);
    receiver.delayResponses(Duration.ZERO);
    if (!receiver.isRunning()) {
      receiver.restart();
    }
    receiver.reset();
  }

  @Test
  void aCollectorDownFromTheStartForAFewSecondsLosesNothingOnceItIsBack() {
    receiver.stop();
    Path holds = Hardening.holdDirectory();
    ForkedJvm.Result run;
    try (ForkedJvm.Started app = traced(app(holds, "3")).start()) {
      app.awaitOutput("HOLD 3", Hardening.WAIT);
      Hardening.sleep(Duration.ofSeconds(1)); // the exporters try, and fail, meanwhile
      receiver.restart();
      release(holds, 3);
      run = app.awaitExit(Duration.ofMinutes(1)).requireSuccess();
    }

    assertThat(resultLines(run.stdout())).isEqualTo(withoutAgent);
    assertThat(everyStatementIsReceivedOrCountedAsLost().received)
        .as("the exporter retries: an outage shorter than its retries loses nothing")
        .isEqualTo(STATEMENTS);
  }

  @Test
  void aCollectorGoingDownMidRunForAFewSecondsLosesNothingOnceItIsBack() {
    Path holds = Hardening.holdDirectory();
    ForkedJvm.Result run;
    try (ForkedJvm.Started app = traced(app(holds, "2,3")).start()) {
      app.awaitOutput("HOLD 2", Hardening.WAIT);
      receiver.awaitSpans(span -> true, RoundsApp.SETUP_STATEMENTS + 2 * 4, Hardening.WAIT);
      receiver.stop();
      release(holds, 2);
      app.awaitOutput("HOLD 3", Hardening.WAIT);
      Hardening.sleep(Duration.ofSeconds(1));
      receiver.restart();
      release(holds, 3);
      run = app.awaitExit(Duration.ofMinutes(1)).requireSuccess();
    }

    assertThat(resultLines(run.stdout())).isEqualTo(withoutAgent);
    assertThat(everyStatementIsReceivedOrCountedAsLost().received)
        .as("the exporter retries: an outage shorter than its retries loses nothing")
        .isEqualTo(STATEMENTS);
  }

  @Test
  void aCollectorAnswering503PastTheRetriesLosesSpansOnlyCountedAndTheCountsArriveOnceItRecovers() {
    receiver.respondWith(503);
    Path holds = Hardening.holdDirectory();
    ForkedJvm.Result run;
    try (ForkedJvm.Started app = traced(app(holds, "3")).start()) {
      app.awaitOutput("HOLD 3", Hardening.WAIT);
      // The exporter tries each batch 5 times (the SDK's default retry policy), then gives up.
      receiver.awaitRequestCount(Signal.TRACES, RETRY_ATTEMPTS, Hardening.WAIT);
      Hardening.sleep(Duration.ofMillis(500));
      receiver.respondWith(200);
      release(holds, 3);
      run = app.awaitExit(Duration.ofMinutes(1)).requireSuccess();
    }

    assertThat(resultLines(run.stdout())).isEqualTo(withoutAgent);
    Accounting accounting = everyStatementIsReceivedOrCountedAsLost();
    assertThat(accounting.failedExports).isPositive();
    assertThat(accounting.received + accounting.failedExports + accounting.droppedByQueue)
        .as("a 503 stores nothing: what was counted as failed did not arrive")
        .isEqualTo(STATEMENTS);
  }

  @Test
  void aCollectorAnsweringAfterTenSecondsNeverHoldsTheApplicationBack() {
    receiver.delayResponses(Duration.ofSeconds(10));
    Path holds = Hardening.holdDirectory();
    ForkedJvm.Result run;
    try (ForkedJvm.Started app = traced(app(holds, "3")).start()) {
      app.awaitOutput("HOLD 3", Hardening.WAIT);
      receiver.awaitRequestCount(Signal.TRACES, 1, Hardening.WAIT);
      assertThat(receiver.spans())
          .as("three rounds ran while the first export still waited for its answer")
          .isEmpty();
      receiver.delayResponses(Duration.ZERO);
      // Once the collector answers promptly again, the counts of the first three rounds arrive.
      receiver.awaitMetrics(
          metric ->
              metric.getName().equals("otlp.exporter.exported")
                  && metric.getSum().getDataPointsList().stream()
                      .anyMatch(point -> attribute("type", "span").test(point)),
          1,
          Duration.ofSeconds(45));
      release(holds, 3);
      run = app.awaitExit(Duration.ofMinutes(1)).requireSuccess();
    }

    assertThat(resultLines(run.stdout())).isEqualTo(withoutAgent);
    everyStatementIsReceivedOrCountedAsLost();
  }

  // ---- helpers ----

  /**
   * The span processor counts what its full queue dropped; the OTLP exporter counts the spans of
   * each export that failed for good. Together with what arrived they account for every statement:
   * a span of a timed-out export may arrive too (the collector stored it late), never none of them.
   */
  private static Accounting everyStatementIsReceivedOrCountedAsLost() {
    receiver.awaitLatestExport("processedSpans", Hardening.WAIT);
    long received = distinctSpans(receiver);
    long droppedByQueue = total(receiver, "processedSpans", attribute("dropped", true));
    long failedExports =
        total(
            receiver,
            "otlp.exporter.exported",
            point -> attribute("type", "span").and(attribute("success", false)).test(point));
    System.out.println(
        "ACCOUNTING statements="
            + STATEMENTS
            + " received="
            + received
            + " droppedByQueue="
            + droppedByQueue
            + " failedExports="
            + failedExports
            + " metrics="
            + receiver.metrics().stream().map(m -> m.getName()).distinct().toList());
    assertThat(received).isLessThanOrEqualTo(STATEMENTS);
    assertThat(received + droppedByQueue + failedExports).isGreaterThanOrEqualTo(STATEMENTS);
    return new Accounting(received, droppedByQueue, failedExports);
  }

  private record Accounting(long received, long droppedByQueue, long failedExports) {}

  private static ForkedJvm app(Path holds, String holdRounds) {
    ForkedJvm app =
        ForkedJvm.main(RoundsApp.class.getName())
            .sampleAppClasspath()
            .args(postgres.jdbcUrl(), postgres.user(), "", Integer.toString(ROUNDS));
    return holds == null ? app : app.args(holdRounds, holds.toString());
  }

  private static ForkedJvm traced(ForkedJvm jvm) {
    return Hardening.traced(jvm, receiver)
        .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false");
  }
}
