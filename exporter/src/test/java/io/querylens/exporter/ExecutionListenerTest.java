package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.stats.ObservedStatements;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ExecutionListenerTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .build();
  private final ExecutionRecorder recorder =
      new ExecutionRecorder(sdk, "test", SpanSampling.EVERY_EXECUTION);
  private final OtelStatementObserver observer =
      new OtelStatementObserver(recorder, new ObservedStatements(100));
  private final ConnectionFacts shop = new ConnectionFacts("postgresql", "shop", "db", 5433);
  private final List<CompletedExecution> heard = new CopyOnWriteArrayList<>();

  @Test
  void aListenerHearsEachRecordedExecutionWithItsShapeServerTimingAndTrace() {
    recorder.listenWith(heard::add);

    long before = System.nanoTime();
    Object scope =
        observer.start(
            shop,
            SqlFingerprinter.shape("SELECT * FROM orders WHERE customer_id = 7"),
            StatementObserver.NOT_A_BATCH,
            false);
    observer.end(scope, null);

    assertThat(heard).hasSize(1);
    CompletedExecution execution = heard.get(0);
    assertThat(execution.summary()).isEqualTo("SELECT orders");
    assertThat(execution.operation()).isEqualTo("SELECT");
    assertThat(execution.sanitizedText()).isEqualTo("SELECT * FROM orders WHERE customer_id = ?");
    assertThat(execution.fingerprint())
        .isEqualTo(
            SqlFingerprinter.shape("SELECT * FROM orders WHERE customer_id = 8")
                .fingerprint()
                .toHex());
    assertThat(execution.tables()).containsExactly("orders");
    assertThat(execution.serverAddress()).isEqualTo("db");
    assertThat(execution.serverPort()).isEqualTo(5433);
    assertThat(execution.namespace()).isEqualTo("shop");
    assertThat(execution.startNanos()).isGreaterThanOrEqualTo(before);
    assertThat(execution.durationNanos()).isNotNegative();
    assertThat(execution.errorType()).isNull();
    assertThat(execution.traceId())
        .isEqualTo(spans.getFinishedSpanItems().get(0).getSpanContext().getTraceId());
  }

  @Test
  void aFailedExecutionIsHeardWithItsErrorType() {
    recorder.listenWith(heard::add);

    Object scope =
        observer.start(
            shop,
            SqlFingerprinter.shape("DELETE FROM orders"),
            StatementObserver.NOT_A_BATCH,
            false);
    observer.end(scope, new SQLException("denied", "42501"));

    assertThat(heard)
        .singleElement()
        .extracting(CompletedExecution::errorType)
        .isEqualTo(SQLException.class.getName());
  }

  @Test
  void aListenerThatThrowsCostsNeitherTheSpanNorTheNextExecution() {
    recorder.listenWith(
        execution -> {
          throw new IllegalStateException("listener bug");
        });

    observer.end(
        observer.start(
            shop, SqlFingerprinter.shape("SELECT 1"), StatementObserver.NOT_A_BATCH, false),
        null);
    observer.end(
        observer.start(
            shop, SqlFingerprinter.shape("SELECT 2"), StatementObserver.NOT_A_BATCH, false),
        null);

    assertThat(spans.getFinishedSpanItems()).hasSize(2);
  }

  @Test
  void afterTheListenerIsRemovedNothingIsHeard() {
    recorder.listenWith(heard::add);
    recorder.listenWith(ExecutionListener.NONE);

    observer.end(
        observer.start(
            shop, SqlFingerprinter.shape("SELECT 1"), StatementObserver.NOT_A_BATCH, false),
        null);

    assertThat(heard).isEmpty();
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
  }
}
