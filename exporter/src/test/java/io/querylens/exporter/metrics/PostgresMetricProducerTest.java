package io.querylens.exporter.metrics;

import static io.querylens.exporter.metrics.TestSnapshots.SERVER_START;
import static io.querylens.exporter.metrics.TestSnapshots.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.querylens.core.pg.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostgresMetricProducerTest {

  private static final Instant RESET = Instant.parse("2026-03-01T09:00:00Z");
  private static final Instant T1 = Instant.parse("2026-03-02T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-03-02T10:01:00Z");
  private static final Instant T3 = Instant.parse("2026-03-02T10:02:00Z");

  private final List<Snapshot> latest = new ArrayList<>();
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider =
      SdkMeterProvider.builder()
          .setResource(Resource.empty())
          .registerMetricReader(reader)
          .registerMetricProducer(new PostgresMetricProducer(() -> latest))
          .build();

  @AfterEach
  void shutdown() {
    provider.close();
  }

  @Test
  void exportsNothingWhileThisInstanceHasNoSnapshot() {
    assertThat(reader.collectAllMetrics()).isEmpty();
  }

  @Test
  void countersStartAtStatsResetAndCarryServerAndDatabase() {
    latest.add(snapshot(T1, RESET, 500, 7));

    LongPointData commits = longPoint(reader.collectAllMetrics(), "postgresql.commits");

    assertThat(commits.getStartEpochNanos()).isEqualTo(nanos(RESET));
    assertThat(commits.getEpochNanos()).isEqualTo(nanos(T1));
    assertThat(commits.getValue()).isEqualTo(500);
    assertThat(commits.getAttributes())
        .isEqualTo(
            Attributes.builder()
                .put("server.address", "db.example")
                .put("server.port", 5432L)
                .put("db.namespace", "shop")
                .build());
  }

  @Test
  void aSeriesContinuesWhileCountersGrow() {
    latest.add(snapshot(T1, RESET, 500, 7));
    reader.collectAllMetrics();
    latest.set(0, snapshot(T2, RESET, 800, 9));

    LongPointData commits = longPoint(reader.collectAllMetrics(), "postgresql.commits");

    assertThat(commits.getStartEpochNanos()).isEqualTo(nanos(RESET));
    assertThat(commits.getValue()).isEqualTo(800);
  }

  @Test
  void aStatsResetStartsANewSeriesAtTheNewResetTime() {
    latest.add(snapshot(T1, RESET, 500, 7));
    reader.collectAllMetrics();
    Instant newReset = T2.minusSeconds(30);
    latest.set(0, snapshot(T2, newReset, 3, 0));

    Collection<MetricData> metrics = reader.collectAllMetrics();

    assertThat(longPoint(metrics, "postgresql.commits").getStartEpochNanos())
        .isEqualTo(nanos(newReset));
    assertThat(longPoint(metrics, "postgresql.index.scans").getStartEpochNanos())
        .isEqualTo(nanos(newReset));
  }

  @Test
  void aCounterThatWentDownWithoutADatedResetStartsAtThePreviousSample() {
    // A crash restart discards statistics; PostgreSQL may leave stats_reset unset.
    latest.add(snapshot(T1, null, 500, 7));
    assertThat(longPoint(reader.collectAllMetrics(), "postgresql.commits").getStartEpochNanos())
        .as("no stats_reset: the series starts with the server")
        .isEqualTo(nanos(SERVER_START));
    Instant restarted = T2.minusSeconds(10);
    latest.set(0, snapshot(T2, null, restarted, 2, 0));

    LongPointData commits = longPoint(reader.collectAllMetrics(), "postgresql.commits");

    assertThat(commits.getStartEpochNanos()).isEqualTo(nanos(T1));
    assertThat(commits.getValue()).isEqualTo(2);
  }

  @Test
  void aCleanRestartThatKeptTheCountersKeepsTheSeries() {
    latest.add(snapshot(T1, RESET, 500, 7));
    reader.collectAllMetrics();
    latest.set(0, snapshot(T3, RESET, T2, 510, 7));

    assertThat(longPoint(reader.collectAllMetrics(), "postgresql.commits").getStartEpochNanos())
        .isEqualTo(nanos(RESET));
  }

  @Test
  void namesUnitsAndTypesFollowThePostgresqlReceiver() {
    latest.add(snapshot(T1, RESET, 500, 7));

    Collection<MetricData> metrics = reader.collectAllMetrics();

    assertThat(metric(metrics, "postgresql.index.scans"))
        .satisfies(
            m -> {
              assertThat(m.getType()).isEqualTo(MetricDataType.LONG_SUM);
              assertThat(m.getUnit()).isEqualTo("{scans}");
              assertThat(m.getLongSumData().isMonotonic()).isTrue();
            });
    assertThat(metric(metrics, "postgresql.index.size").getType())
        .isEqualTo(MetricDataType.LONG_GAUGE);
    assertThat(metric(metrics, "postgresql.table.size").getLongSumData().isMonotonic()).isFalse();
    assertThat(metric(metrics, "postgresql.db_size").getUnit()).isEqualTo("By");
    assertThat(longPoint(metrics, "postgresql.wal.bytes").getValue()).isEqualTo(5_000_000);
    assertThat(longPoint(metrics, "postgresql.index.scans").getAttributes().asMap())
        .containsEntry(AttributeKey.stringKey("db.collection.name"), "orders")
        .containsEntry(AttributeKey.stringKey("postgresql.index.name"), "orders_customer")
        .doesNotContainKey(AttributeKey.stringKey("postgresql.table.name"));
    assertThat(points(metrics, "postgresql.rows"))
        .extracting(p -> p.getAttributes().get(AttributeKey.stringKey("state")))
        .containsExactlyInAnyOrder("live", "dead");
    assertThat(points(metrics, "postgresql.operations"))
        .extracting(p -> p.getAttributes().get(AttributeKey.stringKey("operation")))
        .containsExactlyInAnyOrder("ins", "upd", "del", "hot_upd");
    assertThat(points(metrics, "postgresql.bgwriter.checkpoint.count"))
        .extracting(p -> p.getAttributes().get(AttributeKey.stringKey("type")))
        .containsExactlyInAnyOrder("scheduled", "requested");
  }

  @Test
  void locksAreCountedPerRelationModeAndLockTypeAsTheReceiverDoes() {
    latest.add(snapshot(T1, RESET, 500, 7));

    Collection<MetricData> metrics = reader.collectAllMetrics();

    MetricData locks = metric(metrics, "postgresql.database.locks");
    assertThat(locks.getType()).isEqualTo(MetricDataType.LONG_GAUGE);
    assertThat(locks.getUnit()).isEqualTo("{lock}");
    assertThat(points(metrics, "postgresql.database.locks"))
        .extracting(
            p -> p.getAttributes().get(AttributeKey.stringKey("relation")),
            p -> p.getAttributes().get(AttributeKey.stringKey("mode")),
            p -> p.getAttributes().get(AttributeKey.stringKey("lock_type")),
            p -> p.getAttributes().get(AttributeKey.stringKey("db.namespace")),
            LongPointData::getValue)
        .containsExactlyInAnyOrder(
            tuple("public.orders", "RowExclusiveLock", "relation", "shop", 4L),
            tuple("public.orders", "AccessExclusiveLock", "relation", "shop", 1L));
    assertThat(points(metrics, "querylens.sampler.left_out"))
        .filteredOn(p -> "lock".equals(p.getAttributes().get(AttributeKey.stringKey("kind"))))
        .singleElement()
        .extracting(LongPointData::getValue)
        .isEqualTo(2L);
  }

  @Test
  void countsTablesPerDatabaseAndDatabasesPerServer() {
    latest.add(snapshot(T1, RESET, 500, 7));

    Collection<MetricData> metrics = reader.collectAllMetrics();

    assertThat(metric(metrics, "postgresql.table.count"))
        .satisfies(
            m -> {
              assertThat(m.getUnit()).isEqualTo("{table}");
              assertThat(m.getLongSumData().isMonotonic()).isFalse();
            });
    assertThat(longPoint(metrics, "postgresql.table.count"))
        .satisfies(
            p -> {
              assertThat(p.getValue()).isEqualTo(12);
              assertThat(p.getAttributes().asMap())
                  .containsEntry(AttributeKey.stringKey("db.namespace"), "shop");
            });
    assertThat(longPoint(metrics, "postgresql.database.count"))
        .satisfies(
            p -> {
              assertThat(p.getValue()).isEqualTo(3);
              assertThat(p.getAttributes().asMap())
                  .doesNotContainKey(AttributeKey.stringKey("db.namespace"))
                  .containsEntry(AttributeKey.stringKey("server.address"), "db.example");
            });
  }

  @Test
  void reportsWhatTheLimitsLeftOutAndWhatCouldNotBeRead() {
    latest.add(snapshot(T1, RESET, 500, 7));

    Collection<MetricData> metrics = reader.collectAllMetrics();

    assertThat(points(metrics, "querylens.sampler.left_out"))
        .filteredOn(p -> "table".equals(p.getAttributes().get(AttributeKey.stringKey("kind"))))
        .singleElement()
        .extracting(LongPointData::getValue)
        .isEqualTo(7L);
    assertThat(points(metrics, "querylens.sampler.skipped"))
        .singleElement()
        .extracting(p -> p.getAttributes().get(AttributeKey.stringKey("family")))
        .isEqualTo("pg_stat_io");
    assertThat(metric(metrics, "querylens.sampler.duration").getDoubleGaugeData().getPoints())
        .singleElement()
        .satisfies(p -> assertThat(p.getValue()).isEqualTo(0.042));
  }

  @Test
  void statementTimesAreSecondsKeyedByQueryId() {
    latest.add(snapshot(T1, RESET, 500, 7));

    MetricData time = metric(reader.collectAllMetrics(), "postgresql.statement.exec.time");

    assertThat(time.getDoubleSumData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getValue()).isEqualTo(0.025);
              assertThat(p.getAttributes().get(AttributeKey.stringKey("postgresql.queryid")))
                  .isEqualTo("-42");
              // pg_stat_statements on 13 has no reset time: the series starts with the server.
              assertThat(p.getStartEpochNanos()).isEqualTo(nanos(SERVER_START));
            });
  }

  private static MetricData metric(Collection<MetricData> metrics, String name) {
    List<MetricData> named = metrics.stream().filter(m -> m.getName().equals(name)).toList();
    assertThat(named).as("metrics named %s", name).hasSize(1);
    return named.get(0);
  }

  private static Collection<LongPointData> points(Collection<MetricData> metrics, String name) {
    MetricData metric = metric(metrics, name);
    return metric.getType() == MetricDataType.LONG_GAUGE
        ? metric.getLongGaugeData().getPoints()
        : metric.getLongSumData().getPoints();
  }

  private static LongPointData longPoint(Collection<MetricData> metrics, String name) {
    Collection<LongPointData> points = points(metrics, name);
    assertThat(points).as("points of %s", name).hasSize(1);
    return points.iterator().next();
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
