package io.querylens.it.sampler;

import static io.querylens.it.sampler.Sampling.eventually;
import static io.querylens.it.sampler.Sampling.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.querylens.core.pg.ReplicationStats;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.exporter.metrics.PostgresMetricProducer;
import io.querylens.it.support.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Replication as the sampler reads it, on a real primary with one real streaming standby of each
 * tested major version: the primary reports the standby and how far behind its replay is; the
 * standby reports its own replay delay. Lag is made deterministic by pausing replay on the standby.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StandbySuite {

  private static final String STANDBY_NAME = "querylens_standby";

  private EmbeddedPostgresServer primary;
  private EmbeddedPostgresServer standby;

  abstract int major();

  @BeforeAll
  void startPrimaryAndStandby() throws Exception {
    primary = EmbeddedPostgresServer.start(major());
    execute(
        primary,
        "CREATE EXTENSION pg_stat_statements",
        "CREATE TABLE events (id bigserial PRIMARY KEY, payload text)");
    standby = primary.startStandby(STANDBY_NAME);
    waitUntil(
        () ->
            "streaming"
                .equals(
                    single(
                        primary,
                        "SELECT state FROM pg_stat_replication WHERE application_name = '"
                            + STANDBY_NAME
                            + "'")));
  }

  @AfterAll
  void stopServers() {
    if (standby != null) {
      standby.close();
    }
    if (primary != null) {
      primary.close();
    }
  }

  @Test
  void thePrimaryReportsItsStandbyAndTheWalItHasNotReplayedYet() throws Exception {
    try (Sampler sampler = sampler(primary)) {
      execute(standby, "SELECT pg_wal_replay_pause()");
      try {
        execute(primary, "INSERT INTO events (payload) SELECT 'e' FROM generate_series(1, 1000)");

        // Write and flush lag are measured once the standby acknowledges the new WAL; replay is
        // paused, so the standby has not caught up and PostgreSQL keeps them (it clears them only
        // when replay catches up).
        Snapshot behind =
            eventually(
                sampler,
                s ->
                    onlyStandby(s).replayLagBytes() > 0
                        && onlyStandby(s).writeLagSeconds() != null
                        && onlyStandby(s).flushLagSeconds() != null);

        assertThat(behind.server().standby()).isFalse();
        assertThat(behind.replication().standby()).isFalse();
        ReplicationStats.Standby seen = onlyStandby(behind);
        assertThat(seen.applicationName()).isEqualTo(STANDBY_NAME);
        assertThat(seen.clientAddress()).isEqualTo("127.0.0.1");
        assertThat(seen.state()).isEqualTo("streaming");
        assertThat(seen.replayLagBytes()).isPositive();
        assertThat(seen.writeLagSeconds()).isNotNull().isNotNegative();
        assertThat(seen.flushLagSeconds()).isNotNull().isNotNegative();
        Collection<MetricData> metrics =
            new PostgresMetricProducer(() -> List.of(behind)).produce(Resource.empty());
        LongPointData dataDelay = longGauge(metrics, "postgresql.replication.data_delay");
        assertThat(dataDelay.getValue()).isEqualTo(seen.replayLagBytes());
        assertThat(dataDelay.getAttributes().get(AttributeKey.stringKey("replication_client")))
            .isEqualTo("127.0.0.1");
        assertThat(metric(metrics, "postgresql.wal.delay").getDoubleGaugeData().getPoints())
            .extracting(p -> p.getAttributes().get(AttributeKey.stringKey("operation")))
            .contains("write", "flush");
      } finally {
        execute(standby, "SELECT pg_wal_replay_resume()");
      }

      Snapshot caughtUp = eventually(sampler, s -> onlyStandby(s).replayLagBytes() == 0);
      assertThat(onlyStandby(caughtUp).replayLagBytes()).isZero();
    }
  }

  @Test
  void theStandbyReportsItsOwnReplayDelay() throws Exception {
    execute(primary, "INSERT INTO events (payload) VALUES ('replayed')");
    waitUntil(
        () ->
            "1".equals(single(standby, "SELECT count(*) FROM events WHERE payload = 'replayed'")));
    try (Sampler sampler = sampler(standby)) {
      execute(standby, "SELECT pg_wal_replay_pause()");
      try {
        // Nothing is replayed now, so the last replayed commit only grows older.
        execute(primary, "INSERT INTO events (payload) VALUES ('held back')");
        TimeUnit.MILLISECONDS.sleep(1100);

        Snapshot snapshot = sample(sampler);

        assertThat(snapshot.server().standby()).isTrue();
        assertThat(snapshot.replication().standby()).isTrue();
        assertThat(snapshot.replication().standbys()).isEmpty();
        assertThat(snapshot.replication().replayDelaySeconds()).isGreaterThanOrEqualTo(1.0);
        assertThat(snapshot.skipped()).isEmpty();
        DoublePointData replayDelay =
            doubleGauge(
                new PostgresMetricProducer(() -> List.of(snapshot)).produce(Resource.empty()),
                "postgresql.replication.replay_delay");
        assertThat(replayDelay.getValue()).isEqualTo(snapshot.replication().replayDelaySeconds());
      } finally {
        execute(standby, "SELECT pg_wal_replay_resume()");
      }
    }
  }

  // --- helpers

  private static ReplicationStats.Standby onlyStandby(Snapshot snapshot) {
    assertThat(snapshot.replication()).isNotNull();
    assertThat(snapshot.replication().standbys()).hasSize(1);
    return snapshot.replication().standbys().get(0);
  }

  private static Sampler sampler(EmbeddedPostgresServer server) {
    return new Sampler(
        new ServerKey("127.0.0.1", server.port()),
        () -> DriverManager.getConnection(server.jdbcUrl(), server.user(), ""),
        SamplerSettings.defaults().withInterval(Duration.ofMillis(200)),
        Clock.systemUTC(),
        new RecordingLog());
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitUntil(Check check) throws Exception {
    long deadline = System.nanoTime() + Sampling.PATIENCE.toNanos();
    while (!check.holds()) {
      assertThat(System.nanoTime()).as("waited %s", Sampling.PATIENCE).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static void execute(EmbeddedPostgresServer server, String... statements)
      throws SQLException {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static String single(EmbeddedPostgresServer server, String sql) throws SQLException {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  private static MetricData metric(Collection<MetricData> metrics, String name) {
    return metrics.stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static LongPointData longGauge(Collection<MetricData> metrics, String name) {
    Collection<LongPointData> points = metric(metrics, name).getLongGaugeData().getPoints();
    assertThat(points).hasSize(1);
    return points.iterator().next();
  }

  private static DoublePointData doubleGauge(Collection<MetricData> metrics, String name) {
    Collection<DoublePointData> points = metric(metrics, name).getDoubleGaugeData().getPoints();
    assertThat(points).hasSize(1);
    return points.iterator().next();
  }
}
