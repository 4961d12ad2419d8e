package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.insight.Advisor;
import io.querylens.core.insight.AdvisorInput;
import io.querylens.core.insight.Finding;
import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.it.support.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Partial and expression indexes sampled while a migration holds their table locked: the sample
 * falls back to no index definitions, and the advice then claims no duplicates and gives no SQL it
 * cannot know (never {@code null;}). Sampled again unlocked, they are unused but never prefix
 * duplicates of the plain composite.
 */
class LockFallbackAdvisorIT {

  private static EmbeddedPostgresServer postgres;

  @BeforeAll
  static void plant() throws Exception {
    postgres = EmbeddedPostgresServer.start(17);
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE TABLE tickets (id bigint PRIMARY KEY, a int, b int, c text)");
      sql.execute(
          "INSERT INTO tickets SELECT g, g % 100, g % 7, 'c' || g FROM generate_series(1, 20000) g");
      sql.execute("CREATE INDEX tickets_a_open ON tickets (a) WHERE b > 0");
      sql.execute("CREATE INDEX tickets_a_lower_c ON tickets (a, lower(c))");
      sql.execute("CREATE INDEX tickets_a_b ON tickets (a, b)");
      // VACUUM sets the indexes' relpages, the size the lock fallback reads.
      sql.execute("VACUUM ANALYZE tickets");
    }
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void underTheLockFallbackNoDuplicateIsClaimedAndNoSqlIsGiven() throws Exception {
    Snapshot snapshot;
    try (Connection migration = postgres.connect()) {
      migration.setAutoCommit(false);
      try (Statement sql = migration.createStatement()) {
        sql.execute("LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE");
      }
      try {
        snapshot = sampleOnce();
      } finally {
        migration.rollback();
      }
    }
    assertThat(snapshot.indexes())
        .filteredOn(i -> i.table().equals("tickets"))
        .extracting(IndexStats::definition)
        .containsOnlyNulls();

    List<Finding> findings = advice(snapshot);

    assertThat(findings).noneMatch(f -> f.kind().equals("duplicate_index"));
    assertThat(findings)
        .filteredOn(f -> f.kind().equals("unused_index"))
        .extracting(f -> f.object().index())
        .contains("tickets_a_open", "tickets_a_lower_c", "tickets_a_b");
    assertThat(findings)
        .filteredOn(f -> f.kind().equals("unused_index"))
        .allSatisfy(
            f -> {
              assertThat(f.action()).isNull();
              assertThat(f.undo()).isNull();
              assertThat(f.note()).contains("definition could not be read");
            });
  }

  @Test
  void unlockedPartialAndExpressionIndexesAreUnusedButNeverPrefixDuplicates() {
    List<Finding> findings = advice(sampleOnce());

    assertThat(findings)
        .filteredOn(f -> f.object().index() != null && f.object().index().startsWith("tickets_a"))
        .hasSize(3)
        .allSatisfy(f -> assertThat(f.evidence()).doesNotContainKey("covered_by"))
        .allSatisfy(f -> assertThat(f.undo()).startsWith("CREATE INDEX CONCURRENTLY tickets_a"));
  }

  private static List<Finding> advice(Snapshot snapshot) {
    return Advisor.standard().evaluate(AdvisorInput.of(snapshot)).stream()
        .filter(f -> "tickets".equals(f.object().table()))
        .filter(f -> f.kind().equals("unused_index") || f.kind().equals("duplicate_index"))
        .toList();
  }

  private static Snapshot sampleOnce() {
    try (Sampler sampler =
        new Sampler(
            new ServerKey("127.0.0.1", postgres.port()),
            postgres::connect,
            SamplerSettings.defaults(),
            Clock.systemUTC(),
            SamplerLog.javaUtilLogging())) {
      return sampler.sampleOnce().orElseThrow();
    }
  }
}
