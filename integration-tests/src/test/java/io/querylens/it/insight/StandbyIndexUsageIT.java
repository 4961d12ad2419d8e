package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.insight.Advisor;
import io.querylens.core.insight.AdvisorInput;
import io.querylens.core.insight.Finding;
import io.querylens.core.insight.Thresholds;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.it.support.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An index that only a standby's reads use, on a real primary with a real streaming standby: the
 * primary's advice keeps it once the standby's snapshot is part of the input, and the standby's own
 * snapshot gets no write advice at all.
 */
class StandbyIndexUsageIT {

  private static EmbeddedPostgresServer primary;
  private static EmbeddedPostgresServer standby;
  private static Snapshot primarySnapshot;
  private static Snapshot standbySnapshot;

  @BeforeAll
  static void readOnTheStandbyOnly() throws Exception {
    primary = EmbeddedPostgresServer.start(17);
    try (Connection connection = primary.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE TABLE reports (id bigint PRIMARY KEY, region int, total numeric)");
      sql.execute(
          "INSERT INTO reports SELECT g, g % 200, g * 1.5 FROM generate_series(1, 20000) g");
      sql.execute("CREATE INDEX reports_region ON reports (region)");
      sql.execute("ANALYZE reports");
    }
    standby = primary.startStandby("querylens_reports_replica");
    try (Connection connection = standby.connect();
        Statement sql = connection.createStatement()) {
      waitForReplay(sql);
      for (int region = 0; region < 30; region++) {
        sql.executeQuery("SELECT sum(total) FROM reports WHERE region = " + region).close();
      }
      sql.execute("SELECT pg_stat_force_next_flush()");
    }
    primarySnapshot = sampleOnce(primary);
    standbySnapshot = sampleOnce(standby);
  }

  @AfterAll
  static void stop() {
    if (standby != null) {
      standby.close();
    }
    if (primary != null) {
      primary.close();
    }
  }

  @Test
  void anIndexOnlyTheStandbyScansIsNotAdvisedAwayOnThePrimary() {
    assertThat(standbySnapshot.server().standby()).isTrue();
    // Without the standby, the primary alone would call it unused: the trap is real.
    assertThat(dropsOf(Advisor.standard().evaluate(AdvisorInput.of(primarySnapshot))))
        .contains("reports_region");

    AdvisorInput withStandby =
        new AdvisorInput(primarySnapshot, List.of(standbySnapshot), Thresholds.defaults());

    assertThat(dropsOf(Advisor.standard().evaluate(withStandby))).doesNotContain("reports_region");
  }

  @Test
  void theStandbysOwnSnapshotGetsNoWriteAdvice() {
    List<Finding> findings =
        Advisor.forServer(standbySnapshot).evaluate(AdvisorInput.of(standbySnapshot));

    assertThat(findings).allSatisfy(f -> assertThat(f.action()).isNull());
    assertThat(findings)
        .noneMatch(f -> f.kind().equals("unused_index") || f.kind().equals("duplicate_index"));
  }

  private static List<String> dropsOf(List<Finding> findings) {
    return findings.stream()
        .filter(f -> f.action() != null && f.action().startsWith("DROP INDEX"))
        .map(f -> f.object().index())
        .toList();
  }

  private static void waitForReplay(Statement sql) throws Exception {
    for (int i = 0; i < 200; i++) {
      try (ResultSet rows =
          sql.executeQuery("SELECT to_regclass('public.reports_region') IS NOT NULL")) {
        rows.next();
        if (rows.getBoolean(1)) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the standby never replayed the planted schema");
  }

  private static Snapshot sampleOnce(EmbeddedPostgresServer server) {
    try (Sampler sampler =
        new Sampler(
            new ServerKey("127.0.0.1", server.port()),
            server::connect,
            SamplerSettings.defaults(),
            Clock.systemUTC(),
            SamplerLog.javaUtilLogging())) {
      return sampler.sampleOnce().orElseThrow();
    }
  }
}
