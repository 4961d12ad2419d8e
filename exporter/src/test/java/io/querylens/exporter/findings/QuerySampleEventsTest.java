package io.querylens.exporter.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.querylens.core.pg.ActiveSession;
import io.querylens.core.pg.ActiveSession.TraceSource;
import io.querylens.core.pg.ServerIdentity;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.trace.TraceParent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QuerySampleEventsTest {

  private static final ServerKey SHOP_DB = new ServerKey("db.internal", 5432);
  private static final Instant SAMPLED = Instant.parse("2026-12-03T09:00:05Z");
  private static final TraceParent HOLDER_TRACE =
      new TraceParent("11111111111111111111111111111111", "aaaaaaaaaaaaaaaa", 1);
  private static final TraceParent WAITER_TRACE =
      new TraceParent("22222222222222222222222222222222", "bbbbbbbbbbbbbbbb", 1);

  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final QuerySampleEvents events =
      new QuerySampleEvents(
          OpenTelemetrySdk.builder()
              .setLoggerProvider(
                  SdkLoggerProvider.builder()
                      .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                      .build())
              .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
              .build());

  @Test
  void aWaiterAndItsHolderAreTwoEventsEachInItsOwnTraceAndTheWaiterNamesTheHoldersTrace() {
    events.accept(snapshot(List.of(waiter(), holder()), 0));

    List<LogRecordData> records = logs.getFinishedLogRecordItems();
    assertThat(records).hasSize(2);
    assertThat(records).allSatisfy(r -> assertThat(r.getEventName()).isEqualTo(EVENT));
    LogRecordData waiting = records.get(0);
    assertThat(waiting.getSpanContext().getTraceId()).isEqualTo(WAITER_TRACE.traceId());
    assertThat(waiting.getSpanContext().getSpanId()).isEqualTo(WAITER_TRACE.spanId());
    assertThat(waiting.getTimestampEpochNanos()).isEqualTo(SAMPLED.toEpochMilli() * 1_000_000);
    assertThat(string(waiting, "db.system.name")).isEqualTo("postgresql");
    assertThat(string(waiting, "db.namespace")).isEqualTo("shop");
    assertThat(string(waiting, "server.address")).isEqualTo("db.internal");
    assertThat(number(waiting, "postgresql.pid")).isEqualTo(200L);
    assertThat(string(waiting, "postgresql.state")).isEqualTo("active");
    assertThat(string(waiting, "postgresql.wait_event_type")).isEqualTo("Lock");
    assertThat(string(waiting, "postgresql.wait_event")).isEqualTo("transactionid");
    assertThat(waiting.getAttributes().get(AttributeKey.longArrayKey("postgresql.blocking.pids")))
        .containsExactly(100L);
    assertThat(
            waiting
                .getAttributes()
                .get(AttributeKey.stringArrayKey("querylens.blocking.trace_ids")))
        .containsExactly(HOLDER_TRACE.traceId());
    assertThat(number(waiting, "postgresql.blocking.wait_duration")).isEqualTo(3L);
    assertThat(string(waiting, "postgresql.blocking.lock.mode")).isEqualTo("ShareLock");
    assertThat(number(waiting, "postgresql.query_id")).isEqualTo(-77L);
    assertThat(string(waiting, "db.query.text")).isEqualTo("UPDATE wallets SET balance = ?");
    assertThat(string(waiting, "querylens.trace.source")).isEqualTo("sqlcommenter");
    assertThat(string(waiting, "user.name")).isEqualTo("shop");
    assertThat(string(waiting, "network.peer.address")).isEqualTo("10.0.0.9");
    assertThat(number(waiting, "network.peer.port")).isEqualTo(40000L);
    assertThat(string(waiting, "postgresql.query_start")).isEqualTo("2026-12-03T09:00:01Z");

    LogRecordData holding = records.get(1);
    assertThat(holding.getSpanContext().getTraceId()).isEqualTo(HOLDER_TRACE.traceId());
    assertThat(string(holding, "postgresql.state")).isEqualTo("idle in transaction");
    assertThat(holding.getAttributes().get(AttributeKey.longArrayKey("postgresql.blocking.pids")))
        .isNull();
    assertThat(number(holding, "postgresql.blocking.wait_duration")).isNull();
    assertThat(string(holding, "querylens.trace.source")).isEqualTo("application_name");
  }

  @Test
  void aSessionWithoutTraceparentHasNoTraceContextAndNoTraceSource() {
    ActiveSession plain = session(300, null, null, List.of(), null);

    events.accept(snapshot(List.of(plain), 0));

    LogRecordData record = logs.getFinishedLogRecordItems().get(0);
    assertThat(record.getSpanContext().isValid()).isFalse();
    assertThat(string(record, "querylens.trace.source")).isNull();
  }

  @Test
  void sessionsTheCapLeftOutAddUpInACounterPerServer() {
    events.accept(snapshot(List.of(holder()), 4));
    events.accept(snapshot(List.of(holder()), 3));

    MetricData leftOut =
        metrics.collectAllMetrics().stream()
            .filter(m -> m.getName().equals("querylens.query_samples.left_out"))
            .findFirst()
            .orElseThrow();
    assertThat(leftOut.getLongSumData().isMonotonic()).isTrue();
    assertThat(leftOut.getLongSumData().getPoints())
        .singleElement()
        .satisfies(
            point -> {
              assertThat(point.getValue()).isEqualTo(7);
              assertThat(point.getAttributes().get(AttributeKey.stringKey("server.address")))
                  .isEqualTo("db.internal");
            });
  }

  private static final String EVENT = "db.server.query_sample";

  private static ActiveSession waiter() {
    return session(200, WAITER_TRACE, TraceSource.SQLCOMMENTER, List.of(100), 3.7);
  }

  private static ActiveSession holder() {
    return new ActiveSession(
        100,
        "shop",
        "shop 00-" + HOLDER_TRACE.traceId() + "-aaaaaaaaaaaaaaaa-01",
        null,
        null,
        "idle in transaction",
        "Client",
        "ClientRead",
        List.of(),
        SAMPLED,
        SAMPLED,
        null,
        null,
        null,
        null,
        null,
        "UPDATE wallets SET balance = balance + ?",
        -76L,
        HOLDER_TRACE,
        TraceSource.APPLICATION_NAME);
  }

  private static ActiveSession session(
      int pid, TraceParent trace, TraceSource source, List<Integer> blockers, Double waited) {
    boolean waits = !blockers.isEmpty();
    return new ActiveSession(
        pid,
        "shop",
        "",
        "10.0.0.9",
        40000,
        "active",
        waits ? "Lock" : null,
        waits ? "transactionid" : null,
        blockers,
        Instant.parse("2026-12-03T09:00:01Z"),
        Instant.parse("2026-12-03T09:00:01Z"),
        waits ? Instant.parse("2026-12-03T09:00:02Z") : null,
        waited,
        waits ? "ShareLock" : null,
        waits ? "transactionid" : null,
        null,
        "UPDATE wallets SET balance = ?",
        -77L,
        trace,
        source);
  }

  private static Snapshot snapshot(List<ActiveSession> sessions, int leftOut) {
    ServerIdentity identity =
        new ServerIdentity(SHOP_DB, "shop", 180001, "18.1", SAMPLED, false, true);
    return new Snapshot(
        identity,
        SAMPLED,
        Duration.ofMillis(5),
        null,
        null,
        List.of(),
        0,
        List.of(),
        0,
        List.of(),
        0,
        null,
        List.of(),
        List.of(),
        0,
        null,
        null,
        List.of(),
        null,
        Set.of(),
        sessions,
        leftOut);
  }

  private static String string(LogRecordData record, String key) {
    return record.getAttributes().get(AttributeKey.stringKey(key));
  }

  private static Long number(LogRecordData record, String key) {
    return record.getAttributes().get(AttributeKey.longKey(key));
  }
}
