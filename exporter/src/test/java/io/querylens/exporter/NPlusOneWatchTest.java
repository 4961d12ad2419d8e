package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.stats.ObservedStatements;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Executions inside the application's trace reach the N+1 detector with their returned rows, and a
 * loop comes out as one {@code querylens.finding.n_plus_one} event when the recording closes.
 */
class NPlusOneWatchTest {

  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setLoggerProvider(
              SdkLoggerProvider.builder()
                  .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                  .build())
          .build();
  private final SdkTracerProvider application =
      SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build();
  private final ConnectionFacts shop = new ConnectionFacts("postgresql", "shop", "db", 5432);

  @AfterEach
  void close() {
    application.close();
  }

  @Test
  void aLoopInsideOneApplicationSpanIsOneEventNamingItsDrivingStatement() {
    OtelStatementObserver observer = observerFindingOver(10);
    Span request = application.get("app").spanBuilder("GET /orders").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      query(observer, "SELECT id FROM orders WHERE customer_id = ?", 12);
      for (int i = 0; i < 12; i++) {
        query(observer, "SELECT qty FROM order_lines WHERE order_id = ?", 3);
      }
    } finally {
      request.end();
    }
    query(observer, "SELECT qty FROM order_lines WHERE order_id = ?", 3); // outside: not counted

    observer.close();

    List<LogRecordData> events = logs.getFinishedLogRecordItems();
    assertThat(events)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getEventName()).isEqualTo("querylens.finding.n_plus_one");
              assertThat(event.getAttributes().get(evidence("executions"))).isEqualTo(12L);
              assertThat(
                      event
                          .getAttributes()
                          .get(AttributeKey.stringKey("querylens.finding.evidence.trace_id")))
                  .isEqualTo(request.getSpanContext().getTraceId());
              assertThat(
                      event
                          .getAttributes()
                          .get(
                              AttributeKey.stringKey(
                                  "querylens.finding.evidence.driving_statement")))
                  .isEqualTo("SELECT orders");
              assertThat(event.getAttributes().get(evidence("driving_rows"))).isEqualTo(12L);
              assertThat(event.getAttributes().get(text("keyed_by"))).isEqualTo("trace");
              assertThat(event.getAttributes().get(AttributeKey.stringKey("db.namespace")))
                  .as("the database the loop ran on, as on its spans")
                  .isEqualTo("shop");
              assertThat(event.getAttributes().get(text("parent_span_name")))
                  .isEqualTo("GET /orders");
            });
  }

  @Test
  void aParentSpanThatExposesNoNameGivesAFindingWithoutOne() {
    OtelStatementObserver observer = observerFindingOver(10);
    Span sdkSpan = application.get("app").spanBuilder("GET /orders").startSpan();
    Span nameless = Span.wrap(sdkSpan.getSpanContext()); // as a propagated remote parent is
    try (Scope ignored = nameless.makeCurrent()) {
      for (int i = 0; i < 11; i++) {
        query(observer, "SELECT qty FROM order_lines WHERE order_id = ?", 3);
      }
    } finally {
      sdkSpan.end();
    }

    observer.close();

    assertThat(logs.getFinishedLogRecordItems())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getAttributes().get(text("parent_span_id")))
                  .isEqualTo(sdkSpan.getSpanContext().getSpanId());
              assertThat(event.getAttributes().get(text("parent_span_name"))).isNull();
            });
  }

  @Test
  void outsideAnyTraceALoopInOneTransactionIsOneEventKeyedByTheTransaction() {
    OtelStatementObserver observer = observerFindingOver(10);
    query(observer, "SELECT id FROM orders WHERE customer_id = ?", 12, 7, 1);
    for (int i = 0; i < 12; i++) {
      query(observer, "SELECT qty FROM order_lines WHERE order_id = ?", 3, 7, 1);
    }

    observer.close();

    assertThat(logs.getFinishedLogRecordItems())
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getAttributes().get(text("keyed_by"))).isEqualTo("transaction");
              assertThat(event.getAttributes().get(evidence("executions"))).isEqualTo(12L);
              assertThat(event.getAttributes().get(text("driving_statement")))
                  .isEqualTo("SELECT orders");
              assertThat(event.getAttributes().get(text("trace_id"))).isNull();
              assertThat(event.getBody().asString()).contains("in one transaction");
            });
  }

  @Test
  void outsideAnyTraceLoopsSplitByCommitsOrInAutocommitAreNoFinding() {
    OtelStatementObserver observer = observerFindingOver(10);
    for (int i = 0; i < 12; i++) {
      query(observer, "SELECT qty FROM order_lines WHERE order_id = ?", 3, 7, i / 6); // 6 per tx
    }
    for (int i = 0; i < 30; i++) {
      query(observer, "SELECT qty FROM order_lines WHERE order_id = ?", 3); // autocommit
    }

    observer.close();

    assertThat(logs.getFinishedLogRecordItems()).isEmpty();
  }

  @Test
  void theSameLoopInTransactionAfterTransactionIsOneEventThenOneCountingTheRestAtClose() {
    OtelStatementObserver observer =
        new OtelStatementObserver(
            new ExecutionRecorder(
                sdk,
                "test",
                SpanSampling.EVERY_EXECUTION,
                new NPlusOneWatch(sdk, 10, Duration.ofMinutes(1))),
            new ObservedStatements(100));
    for (long transaction = 1; transaction <= 5; transaction++) {
      for (int i = 0; i < 11; i++) {
        query(observer, "SELECT qty FROM order_lines WHERE order_id = ?", 3, 7, transaction);
      }
    }
    query(observer, "SELECT 1", 1, 7, 6); // the fifth transaction ends

    assertThat(logs.getFinishedLogRecordItems())
        .singleElement() // the first at once, the next four held back
        .satisfies(
            event -> assertThat(event.getAttributes().get(evidence("occurrences"))).isEqualTo(1L));

    observer.close();

    assertThat(logs.getFinishedLogRecordItems())
        .hasSize(2)
        .last()
        .satisfies(
            event -> assertThat(event.getAttributes().get(evidence("occurrences"))).isEqualTo(4L));
  }

  @Test
  void withTheThresholdAtZeroNothingIsWatched() {
    OtelStatementObserver observer =
        new OtelStatementObserver(
            new ExecutionRecorder(sdk, "test", SpanSampling.EVERY_EXECUTION, NPlusOneWatch.OFF),
            new ObservedStatements(100));
    Span request = application.get("app").spanBuilder("GET /orders").startSpan();
    try (Scope ignored = request.makeCurrent()) {
      for (int i = 0; i < 50; i++) {
        query(observer, "SELECT qty FROM order_lines WHERE order_id = ?", 3);
      }
    } finally {
      request.end();
    }

    observer.close();

    assertThat(logs.getFinishedLogRecordItems()).isEmpty();
  }

  private OtelStatementObserver observerFindingOver(int threshold) {
    return new OtelStatementObserver(
        new ExecutionRecorder(
            sdk, "test", SpanSampling.EVERY_EXECUTION, new NPlusOneWatch(sdk, threshold)),
        new ObservedStatements(100));
  }

  private void query(OtelStatementObserver observer, String sql, long rows) {
    query(observer, sql, rows, StatementExecution.NO_TRANSACTION, 0);
  }

  /** A query inside transaction {@code transaction} of connection {@code connection}. */
  private void query(
      OtelStatementObserver observer, String sql, long rows, long connection, long transaction) {
    Object scope =
        observer.start(shop, SqlFingerprinter.shape(sql), StatementObserver.NOT_A_BATCH, false);
    if (connection != StatementExecution.NO_TRANSACTION) {
      observer.inTransaction(scope, connection, transaction);
    }
    observer.awaitRows(scope);
    observer.end(scope, null);
    observer.rowsRead(scope, rows);
  }

  private static AttributeKey<String> text(String key) {
    return AttributeKey.stringKey("querylens.finding.evidence." + key);
  }

  private static AttributeKey<Long> evidence(String key) {
    return AttributeKey.longKey("querylens.finding.evidence." + key);
  }
}
