package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.insight.Advice;
import io.querylens.core.insight.Advisor;
import io.querylens.core.insight.Finding;
import io.querylens.core.insight.Health;
import io.querylens.core.insight.Risk;
import io.querylens.core.insight.Severity;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.it.support.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Table bloat measured by pgstattuple_approx where the database has the extension and the role may
 * run it; elsewhere one line says why not and the dead-tuple estimate stands. Two databases with
 * the same tables: {@code estimated} without the extension, {@code measured} with it.
 */
class TableBloatIT {

  private static EmbeddedPostgresServer postgres;

  @BeforeAll
  static void twoDatabasesWithADeadAndAVacuumedTable() throws Exception {
    postgres = EmbeddedPostgresServer.start(17);
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE DATABASE estimated");
      sql.execute("CREATE DATABASE measured");
      sql.execute("CREATE ROLE reader LOGIN");
    }
    for (String database : new String[] {"estimated", "measured"}) {
      try (Connection connection = postgres.connect(database);
          Statement sql = connection.createStatement()) {
        for (String table : new String[] {"dead", "vacuumed", "healthy"}) {
          sql.execute(
              "CREATE TABLE "
                  + table
                  + " (id bigint PRIMARY KEY, payload text) WITH (autovacuum_enabled = false)");
          sql.execute(
              "INSERT INTO "
                  + table
                  + " SELECT g, repeat('x', 80) FROM generate_series(1, 20000) g");
        }
        sql.execute("DELETE FROM dead WHERE id % 10 < 6");
        sql.execute("DELETE FROM vacuumed WHERE id % 10 < 7");
        // The deletes' counts must reach the statistics before VACUUM resets the dead tuples,
        // or they arrive after it and count again.
        sql.execute("SELECT pg_stat_force_next_flush()");
        sql.execute("VACUUM vacuumed");
        sql.execute("ANALYZE healthy");
        sql.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader");
        if (database.equals("measured")) {
          sql.execute("CREATE EXTENSION pgstattuple");
          // A btree of about 11 MB whose leaves keep one entry in five after a purge and VACUUM.
          sql.execute(
              "CREATE TABLE events (id bigint, kind bigint) WITH (autovacuum_enabled = false)");
          sql.execute("INSERT INTO events SELECT g, g FROM generate_series(1, 500000) g");
          sql.execute("CREATE INDEX events_kind_idx ON events (kind)");
          sql.execute("DELETE FROM events WHERE id % 5 <> 0");
          sql.execute("VACUUM events");
          // Scanned, as an application's index is: an unused one is advised dropped, not rebuilt
          // (one action per index).
          sql.execute("SET enable_seqscan = off");
          sql.execute("SELECT count(*) FROM events WHERE kind = 5");
          sql.execute("RESET enable_seqscan");
          sql.execute("GRANT SELECT ON events TO reader");
        }
        sql.execute("SELECT pg_stat_force_next_flush()");
      }
    }
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void withPgStatTupleFreeSpaceLeftByVacuumIsMeasuredBloatThatOnlyARewriteGivesBack()
      throws Exception {
    Log log = new Log();
    Advice advice = advise("measured", "postgres", log);

    Finding vacuumed = bloat(advice, "vacuumed");
    assertThat(vacuumed.evidence()).containsEntry("measured_by", "pgstattuple_approx");
    assertThat((Double) vacuumed.evidence().get("bloat_ratio")).isBetween(0.6, 0.8);
    assertThat(vacuumed.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(vacuumed.risk()).isEqualTo(Risk.HIGH);
    assertThat(vacuumed.action()).isEqualTo("VACUUM (FULL, ANALYZE) public.vacuumed;");

    Finding dead = bloat(advice, "dead");
    assertThat(dead.evidence()).containsEntry("measured_by", "pgstattuple_approx");
    assertThat((Double) dead.evidence().get("dead_tuple_percent")).isBetween(50.0, 70.0);
    assertThat(dead.action()).isEqualTo("VACUUM (ANALYZE) public.dead;");

    assertThat(advice.findings())
        .noneMatch(f -> f.kind().equals("table_bloat") && "healthy".equals(f.object().table()));
    assertThat(health(advice, "vacuumed").deductions()).containsEntry("bloat", 40);
    assertThat(health(advice, "healthy").grade()).isEqualTo("A");
    assertThat(log.warnings).isEmpty();
  }

  @Test
  void withPgStatTupleABtreeWhoseLeavesAPurgeLeftSparseIsIndexBloat() throws Exception {
    Advice advice = advise("measured", "postgres", new Log());

    Finding sparse =
        advice.findings().stream()
            .filter(f -> f.kind().equals("index_bloat"))
            .filter(f -> "events_kind_idx".equals(f.object().index()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no index_bloat in " + advice.findings()));
    assertThat(sparse.severity()).isEqualTo(Severity.CRITICAL);
    assertThat((Double) sparse.evidence().get("avg_leaf_density_percent")).isLessThan(30.0);
    assertThat(sparse.action()).isEqualTo("REINDEX INDEX CONCURRENTLY public.events_kind_idx;");
    assertThat(advice.findings())
        .as("the primary keys of tables that only lost rows at their end or not at all")
        .noneMatch(f -> f.kind().equals("index_bloat") && !f.object().index().startsWith("events"));
  }

  @Test
  void withoutTheExtensionOneLineSaysSoAndTheDeadTupleEstimateStands() throws Exception {
    Log log = new Log();
    Advice advice = advise("estimated", "postgres", log);

    assertThat(log.warnings)
        .singleElement()
        .asString()
        .contains("pgstattuple is not installed")
        .contains("CREATE EXTENSION pgstattuple");
    Finding dead = bloat(advice, "dead");
    assertThat(dead.evidence()).containsEntry("measured_by", "pg_stat_user_tables (estimate)");
    assertThat(dead.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(advice.findings())
        .as("vacuumed: no dead tuples left, and its free space is invisible without pgstattuple")
        .noneMatch(f -> f.kind().equals("table_bloat") && "vacuumed".equals(f.object().table()));
  }

  @Test
  void aRoleThatMayNotRunItIsToldWhichGrantIsMissingAndGetsTheEstimate() throws Exception {
    Log log = new Log();
    Advice advice = advise("measured", "reader", log);

    assertThat(log.warnings)
        .singleElement()
        .asString()
        .contains("may not run pgstattuple_approx")
        .contains("pg_stat_scan_tables");
    assertThat(bloat(advice, "dead").evidence())
        .containsEntry("measured_by", "pg_stat_user_tables (estimate)");
  }

  private static Advice advise(String database, String role, Log log) throws SQLException {
    Snapshot snapshot;
    try (Sampler sampler =
        new Sampler(
            new ServerKey("127.0.0.1", postgres.port()),
            () -> connect(database, role),
            SamplerSettings.defaults(),
            Clock.systemUTC(),
            SamplerLog.javaUtilLogging())) {
      snapshot = sampler.sampleOnce().orElseThrow();
    }
    try (Connection connection = connect(database, role)) {
      return Advisor.standard().evaluateOnce(connection, snapshot, log);
    }
  }

  private static Connection connect(String database, String role) throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(database), role, "");
  }

  private static Finding bloat(Advice advice, String table) {
    List<Finding> found =
        advice.findings().stream()
            .filter(f -> f.kind().equals("table_bloat") && table.equals(f.object().table()))
            .toList();
    assertThat(found).as("table_bloat %s in %s", table, advice.findings()).hasSize(1);
    return found.get(0);
  }

  private static Health health(Advice advice, String table) {
    return advice.health().tables().stream()
        .filter(h -> table.equals(h.object().table()))
        .findFirst()
        .orElseThrow();
  }

  /** Keeps the advisor's warnings. */
  private static final class Log implements SamplerLog {
    final List<String> warnings = new CopyOnWriteArrayList<>();

    @Override
    public void warning(String message) {
      warnings.add(message);
    }

    @Override
    public void info(String message) {}

    @Override
    public void debug(String message) {}
  }
}
