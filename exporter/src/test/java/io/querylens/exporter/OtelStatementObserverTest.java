package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.sql.StatementShape;
import io.querylens.core.sql.StatementShapeCache;
import io.querylens.core.stats.ObservedStatements;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtelStatementObserverTest {

  private final ObservedStatements statistics = new ObservedStatements(100);
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder()
          .setTracerProvider(
              SdkTracerProvider.builder()
                  .addSpanProcessor(SimpleSpanProcessor.create(spans))
                  .build())
          .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
          .build();
  private final OtelStatementObserver observer =
      new OtelStatementObserver(
          new ExecutionRecorder(sdk, "test", SpanSampling.EVERY_EXECUTION), statistics);
  private final ConnectionFacts shop = new ConnectionFacts("postgresql", "shop", "db", 5432);

  @Test
  void aStatementIsAClientSpanNamedByItsSummary() {
    Object scope =
        observer.start(
            shop,
            SqlFingerprinter.shape("SELECT * FROM orders WHERE id = 42"),
            StatementObserver.NOT_A_BATCH,
            false);
    observer.end(scope, null);

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("SELECT orders");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.text")))
        .isEqualTo("SELECT * FROM orders WHERE id = ?");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.collection.name")))
        .isEqualTo("orders");
    assertThat(span.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(5432L);
    assertThat(span.getAttributes().get(AttributeKey.longKey("db.operation.batch.size"))).isNull();
  }

  @Test
  void aBatchOfOneIsASingleOperationAndLargerBatchesCarryTheirSize() {
    observer.end(
        observer.start(shop, SqlFingerprinter.shape("INSERT INTO t VALUES (?)"), 1, false), null);
    observer.end(
        observer.start(shop, SqlFingerprinter.shape("INSERT INTO t VALUES (?)"), 5, false), null);

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished.get(0).getName()).isEqualTo("INSERT t");
    assertThat(finished.get(1).getName()).isEqualTo("BATCH INSERT t");
    assertThat(finished.get(1).getAttributes().get(AttributeKey.longKey("db.operation.batch.size")))
        .isEqualTo(5L);
  }

  @Test
  void aBatchOfDifferentStatementsIsJustBatchButShowsEveryText() {
    String script = "UPDATE a SET x = 1;\nDELETE FROM b WHERE id = 2";
    observer.end(observer.start(shop, SqlFingerprinter.shape(script), 2, true), null);

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("BATCH");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.operation.name")))
        .isEqualTo("BATCH");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.text")))
        .isEqualTo("UPDATE a SET x = ?;\nDELETE FROM b WHERE id = ?");
  }

  @Test
  void aStatementLongerThanTheTextLimitSaysItsTextIsCut() {
    StringBuilder sql = new StringBuilder("SELECT * FROM t WHERE a IN (");
    for (int i = 0; i < 100_000; i++) {
      sql.append(i == 0 ? "" : ", ").append(i);
    }
    observer.end(
        observer.start(
            shop,
            SqlFingerprinter.shape(sql.append(")").toString()),
            StatementObserver.NOT_A_BATCH,
            false),
        null);
    observer.end(
        observer.start(
            shop, SqlFingerprinter.shape("SELECT 1"), StatementObserver.NOT_A_BATCH, false),
        null);

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished.get(0).getAttributes().get(AttributeKey.stringKey("db.query.text")))
        .hasSizeLessThanOrEqualTo(32 * 1024);
    assertThat(
            finished
                .get(0)
                .getAttributes()
                .get(AttributeKey.booleanKey("querylens.query.text.truncated")))
        .isTrue();
    assertThat(
            finished
                .get(1)
                .getAttributes()
                .get(AttributeKey.booleanKey("querylens.query.text.truncated")))
        .isNull();
  }

  @Test
  void aFailureRecordsSqlStateAndTheExceptionWithoutItsMessage() {
    Object scope =
        observer.start(
            shop, SqlFingerprinter.shape("SELECT 1"), StatementObserver.NOT_A_BATCH, false);
    observer.end(scope, new SQLException("Key (email)=(bob@example.com) already exists", "23505"));

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.response.status_code")))
        .isEqualTo("23505");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("error.type")))
        .isEqualTo("java.sql.SQLException");
    assertThat(span.getEvents()).hasSize(1);
    assertThat(span.getEvents().get(0).getAttributes().toString())
        .doesNotContain("bob@example.com");
    assertThat(span.getStatus().getDescription()).doesNotContain("bob@example.com");
  }

  @Test
  void everyExecutionIsCountedInTheDurationHistogram() {
    for (int i = 0; i < 7; i++) {
      observer.end(
          observer.start(
              shop,
              SqlFingerprinter.shape("SELECT * FROM t WHERE a = " + i),
              StatementObserver.NOT_A_BATCH,
              false),
          null);
    }

    MetricData duration =
        metrics.collectAllMetrics().stream()
            .filter(metric -> metric.getName().equals("db.client.operation.duration"))
            .findFirst()
            .orElseThrow();
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(statistics.byTotalTime())
        .singleElement()
        .satisfies(
            shape -> {
              assertThat(shape.calls()).isEqualTo(7);
              assertThat(shape.summary()).isEqualTo("SELECT t");
            });
    assertThat(duration.getHistogramData().getPoints())
        .singleElement()
        .extracting(HistogramPointData::getCount)
        .isEqualTo(7L);
  }

  @Test
  void theHistogramKnowsEachShapesFingerprintSoADashboardCanLinkToItsTraces() {
    observer.end(
        observer.start(
            shop,
            SqlFingerprinter.shape("SELECT * FROM orders WHERE id = 1"),
            StatementObserver.NOT_A_BATCH,
            false),
        null);
    observer.end(
        observer.start(
            shop,
            SqlFingerprinter.shape("SELECT * FROM orders WHERE customer_id = 1"),
            StatementObserver.NOT_A_BATCH,
            false),
        null);

    MetricData duration =
        metrics.collectAllMetrics().stream()
            .filter(metric -> metric.getName().equals("db.client.operation.duration"))
            .findFirst()
            .orElseThrow();
    AttributeKey<String> fingerprint = AttributeKey.stringKey("querylens.query.fingerprint");
    assertThat(duration.getHistogramData().getPoints())
        .extracting(point -> point.getAttributes().get(fingerprint))
        .containsExactlyInAnyOrder(
            SqlFingerprinter.shape("SELECT * FROM orders WHERE id = 1").fingerprint().toHex(),
            SqlFingerprinter.shape("SELECT * FROM orders WHERE customer_id = 1")
                .fingerprint()
                .toHex());
    assertThat(spans.getFinishedSpanItems())
        .extracting(span -> span.getAttributes().get(fingerprint))
        .doesNotContainNull();
  }

  @Test
  void bindValuesGoOnTheSpanAsQueryParametersByPositionAndNeverOnTheHistogram() {
    Object scope =
        observer.start(
            shop,
            SqlFingerprinter.shape("SELECT * FROM orders WHERE customer = ? AND status = ?"),
            StatementObserver.NOT_A_BATCH,
            false);
    observer.bindValues(scope, new String[] {"42", null, "shipped"});
    observer.end(scope, null);

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.parameter.0")))
        .isEqualTo("42");
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.parameter.1"))).isNull();
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.query.parameter.2")))
        .isEqualTo("shipped");
    MetricData duration =
        metrics.collectAllMetrics().stream()
            .filter(metric -> metric.getName().equals("db.client.operation.duration"))
            .findFirst()
            .orElseThrow();
    assertThat(duration.getHistogramData().getPoints())
        .allSatisfy(
            point ->
                assertThat(point.getAttributes().asMap().keySet())
                    .noneMatch(key -> key.getKey().startsWith("db.query.parameter.")));
  }

  @Test
  void aPositionPastTheCachedKeysStillHasItsKey() {
    assertThat(ExecutionRecorder.queryParameter(40).getKey()).isEqualTo("db.query.parameter.40");
    assertThat(ExecutionRecorder.queryParameter(3).getKey()).isEqualTo("db.query.parameter.3");
  }

  @Test
  void aShapeOverItsSpanBudgetIsStillCountedInTheHistogramButNotExported() {
    OtelStatementObserver budgeted =
        new OtelStatementObserver(
            new ExecutionRecorder(sdk, "test", new SpanSampling(3, Duration.ofSeconds(10))),
            statistics);
    StatementShape shape = SqlFingerprinter.shape("SELECT * FROM orders WHERE id = ?");

    for (int i = 0; i < 10; i++) {
      budgeted.end(budgeted.start(shop, shape, StatementObserver.NOT_A_BATCH, false), null);
    }
    budgeted.end(
        budgeted.start(shop, shape, StatementObserver.NOT_A_BATCH, false),
        new SQLException("deadlock detected", "40P01"));

    assertThat(spans.getFinishedSpanItems())
        .extracting(span -> span.getStatus().getStatusCode())
        .containsExactly(StatusCode.UNSET, StatusCode.UNSET, StatusCode.UNSET, StatusCode.ERROR);
    assertThat(histogramCount()).isEqualTo(11);
    assertThat(metricSum("querylens.spans.over_budget")).isEqualTo(7);
  }

  @Test
  void anExecutionSlowerThanTheThresholdGetsItsSpanThoughItsShapeUsedItsBudget() throws Exception {
    OtelStatementObserver budgeted =
        new OtelStatementObserver(
            new ExecutionRecorder(sdk, "test", new SpanSampling(1, Duration.ofMillis(20))),
            statistics);
    StatementShape shape = SqlFingerprinter.shape("SELECT * FROM orders WHERE id = ?");
    budgeted.end(budgeted.start(shop, shape, StatementObserver.NOT_A_BATCH, false), null);
    budgeted.end(budgeted.start(shop, shape, StatementObserver.NOT_A_BATCH, false), null);

    Object slow = budgeted.start(shop, shape, StatementObserver.NOT_A_BATCH, false);
    Thread.sleep(30);
    budgeted.end(slow, null);

    assertThat(spans.getFinishedSpanItems()).hasSize(2);
    SpanData outlier = spans.getFinishedSpanItems().get(1);
    assertThat(outlier.getEndEpochNanos() - outlier.getStartEpochNanos())
        .isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
    assertThat(metricSum("querylens.spans.over_budget")).isEqualTo(1);
  }

  @Test
  void executionsRecordedOnTheAgentsThreadKeepTheirOwnStartAndEnd() throws Exception {
    OtelStatementObserver queued = OtelStatementObserver.queued(statistics);
    queued.recordWith(new ExecutionRecorder(sdk, "test", SpanSampling.EVERY_EXECUTION));
    try {
      long before = System.currentTimeMillis();
      Object scope =
          queued.start(
              shop,
              SqlFingerprinter.shape("SELECT pg_sleep(1)"),
              StatementObserver.NOT_A_BATCH,
              false);
      Thread.sleep(50);
      queued.end(scope, null);
      long after = System.currentTimeMillis();
      Thread.sleep(20); // later than the execution: the span must not take the recording's time

      queued.flush();

      SpanData span = spans.getFinishedSpanItems().get(0);
      long durationMillis = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1_000_000;
      assertThat(durationMillis).isBetween(50L, after - before);
      assertThat(span.getStartEpochNanos() / 1_000_000).isBetween(before - 1, after);
      assertThat(histogramCount()).isEqualTo(1);
    } finally {
      queued.close();
    }
  }

  @Test
  void executionsPastTheQueueBeforeTheSdkIsBuiltAreCountedAndExported() {
    OtelStatementObserver queued = OtelStatementObserver.queued(statistics);
    StatementShape shape = SqlFingerprinter.shape("SELECT 1");
    int lost = 250;
    for (int i = 0; i < OtelStatementObserver.QUEUE_CAPACITY + lost; i++) {
      queued.end(queued.start(shop, shape, StatementObserver.NOT_A_BATCH, false), null);
    }

    queued.countLostIn(sdk.getMeter(ExecutionRecorder.INSTRUMENTATION_SCOPE));
    queued.recordWith(new ExecutionRecorder(sdk, "test", SpanSampling.EVERY_EXECUTION));
    queued.close();

    assertThat(queued.lostBeforeStart()).isEqualTo(lost);
    assertThat(metricSum(OtelStatementObserver.LOST_BEFORE_START)).isEqualTo(lost);
    assertThat(histogramCount()).isEqualTo(OtelStatementObserver.QUEUE_CAPACITY);
  }

  @Test
  void aNewTextIsFingerprintedOnTheRecordingThreadIntoTheSameSpanAsAKnownShapes() throws Exception {
    StatementShapeCache shapes = new StatementShapeCache(100, 100_000);
    OtelStatementObserver queued = OtelStatementObserver.queued(statistics);
    String sql = "SELECT * FROM orders WHERE id = 42";
    Object unshaped = queued.startUnshaped(shop, sql, shapes, StatementObserver.NOT_A_BATCH, false);
    queued.end(unshaped, null);
    Object known =
        queued.start(shop, SqlFingerprinter.shape(sql), StatementObserver.NOT_A_BATCH, false);
    queued.end(known, null);

    assertThat(shapes.misses()).as("not fingerprinted by the application's thread").isZero();
    queued.recordWith(new ExecutionRecorder(sdk, "test", SpanSampling.EVERY_EXECUTION));
    queued.close();

    assertThat(shapes.misses()).isEqualTo(1);
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(2);
    assertThat(finished.get(0).getName()).isEqualTo("SELECT orders");
    assertThat(finished.get(0).getAttributes()).isEqualTo(finished.get(1).getAttributes());
    assertThat(histogramCount()).isEqualTo(2);
  }

  @Test
  void aNewTextFailingOrInAMixedBatchGetsTheSameAttributesAsWhenFingerprintedAtOnce() {
    StatementShapeCache shapes = new StatementShapeCache(100, 100_000);
    String script = "UPDATE a SET x = 1;\nDELETE FROM b WHERE id = 2";
    observer.end(observer.startUnshaped(shop, script, shapes, 2, true), null);
    observer.end(observer.start(shop, SqlFingerprinter.shape(script), 2, true), null);
    String failing = "INSERT INTO t VALUES (1)";
    observer.end(
        observer.startUnshaped(shop, failing, shapes, StatementObserver.NOT_A_BATCH, false),
        new SQLException("duplicate key", "23505"));
    observer.end(
        observer.start(shop, SqlFingerprinter.shape(failing), StatementObserver.NOT_A_BATCH, false),
        new SQLException("duplicate key", "23505"));

    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished.get(0).getName()).isEqualTo("BATCH");
    assertThat(finished.get(0).getAttributes()).isEqualTo(finished.get(1).getAttributes());
    assertThat(finished.get(2).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(finished.get(2).getAttributes()).isEqualTo(finished.get(3).getAttributes());
  }

  @Test
  void aTextTooLongToQueueIsFingerprintedAtOnce() {
    StatementShapeCache shapes = new StatementShapeCache(100, 1_000_000);
    String longText =
        "SELECT * FROM orders WHERE note = '"
            + "x".repeat(OtelStatementObserver.MAX_DEFERRED_SQL_CHARS)
            + "'";
    OtelStatementObserver queued = OtelStatementObserver.queued(statistics);

    Object scope =
        queued.startUnshaped(shop, longText, shapes, StatementObserver.NOT_A_BATCH, false);

    assertThat(shapes.misses()).isEqualTo(1);
    assertThat(scope).isNotInstanceOf(UnshapedExecution.class);
    queued.end(scope, null);
    queued.close();
  }

  @Test
  void theNoopObserverNeverFingerprints() {
    StatementShapeCache shapes = new StatementShapeCache(100, 100_000);

    StatementObserver.NOOP.end(
        StatementObserver.NOOP.startUnshaped(
            shop, "SELECT 1", shapes, StatementObserver.NOT_A_BATCH, false),
        null);

    assertThat(shapes.misses()).isZero();
  }

  @Test
  void aBatchsSizeIsItsOwnWhileItsAttributesAreSharedWithOtherSizes() {
    StatementShape insert = SqlFingerprinter.shape("INSERT INTO t VALUES (?)");
    observer.end(observer.start(shop, insert, 100, false), null);
    observer.end(observer.start(shop, insert, 7, false), null);

    assertThat(spans.getFinishedSpanItems())
        .extracting(
            span -> span.getAttributes().get(AttributeKey.longKey("db.operation.batch.size")))
        .containsExactly(100L, 7L);
  }

  private long histogramCount() {
    return metrics.collectAllMetrics().stream()
        .filter(metric -> metric.getName().equals("db.client.operation.duration"))
        .flatMap(metric -> metric.getHistogramData().getPoints().stream())
        .mapToLong(HistogramPointData::getCount)
        .sum();
  }

  private long metricSum(String name) {
    return metrics.collectAllMetrics().stream()
        .filter(metric -> metric.getName().equals(name))
        .flatMap(metric -> metric.getLongSumData().getPoints().stream())
        .mapToLong(point -> point.getValue())
        .sum();
  }
}
