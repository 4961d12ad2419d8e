package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.insight.Finding;
import io.querylens.core.insight.MissingIndexAdvisor;
import io.querylens.core.insight.MissingIndexReport;
import io.querylens.core.insight.MissingIndexSettings;
import io.querylens.core.pg.ConnectionSource;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Planted schemas where no sequential scan shows the missing index: an index scan reaching 3,000
 * rows through its primary key's prefix whose filter keeps one, the same as a bitmap heap scan, and
 * a key {@code (group_id, user_id)} searched by {@code user_id} alone. Each gets the index a DBA
 * would build; run on the embedded server and, with HypoPG verifying, on Debian's.
 */
abstract class MissingIndexAccessPathsIT {

  static final String EVENTS =
      "SELECT payload FROM events WHERE tenant_id = ? AND device_id = ? AND kind = ?";
  static final String READINGS =
      "SELECT payload FROM readings WHERE tenant_id = ? AND device_id = ? AND status = ?";
  static final String MEMBERSHIPS = "SELECT group_id FROM memberships WHERE user_id = ?";
  static final String PARCELS = "SELECT body FROM parcels WHERE code::numeric = ?";

  static MissingIndexReport report;

  /** Plants the schemas, runs the workload, samples and runs one missing-index round. */
  static void plantWorkloadAndExplain(ConnectionSource server, int port, boolean withHypoPg)
      throws Exception {
    try (Connection connection = server.open();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      if (withHypoPg) {
        sql.execute("CREATE EXTENSION hypopg");
        // A lookup through a cast: the filter names the column, but no index on it can serve it.
        sql.execute("CREATE TABLE parcels (id int PRIMARY KEY, code int, body text)");
        sql.execute(
            "INSERT INTO parcels SELECT g, g, repeat('p', 20) FROM generate_series(1, 100000) g");
        sql.execute("ANALYZE parcels");
      }
      // Stored in key order, 3,000 rows per (tenant, device): the planner walks the key's prefix.
      sql.execute(
          "CREATE TABLE events (tenant_id int, device_id int, event_id int, kind int,"
              + " payload text, PRIMARY KEY (tenant_id, device_id, event_id))");
      sql.execute(
          "INSERT INTO events SELECT g / 30000, (g / 3000) % 10, g, g % 3000, repeat('x', 40)"
              + " FROM generate_series(0, 599999) g");
      // Interleaved, 3,000 rows per (tenant, device) spread over the table: a bitmap heap scan.
      sql.execute(
          "CREATE TABLE readings (tenant_id int, device_id int, reading_id int, status int,"
              + " payload text, PRIMARY KEY (tenant_id, device_id, reading_id))");
      sql.execute(
          "INSERT INTO readings SELECT g % 3, (g / 3) % 10, g, g % 3000, repeat('x', 40)"
              + " FROM generate_series(0, 89999) g");
      // Wide rows, a narrow key: reading the whole key beats reading the table.
      sql.execute(
          "CREATE TABLE memberships (group_id int, user_id int, payload text,"
              + " PRIMARY KEY (group_id, user_id))");
      sql.execute(
          "INSERT INTO memberships SELECT g % 50, g, repeat('m', 200)"
              + " FROM generate_series(1, 100000) g");
      sql.execute("VACUUM ANALYZE events");
      sql.execute("VACUUM ANALYZE readings");
      sql.execute("VACUUM ANALYZE memberships");
      sql.execute("SELECT pg_stat_statements_reset()");
      repeat(connection, EVENTS, 120);
      repeat(connection, READINGS, 60);
      repeat(connection, MEMBERSHIPS, 30);
      if (withHypoPg) {
        repeat(connection, PARCELS, 30);
      }
    }
    try (Sampler sampler =
            new Sampler(
                new ServerKey("127.0.0.1", port),
                server,
                SamplerSettings.defaults(),
                Clock.systemUTC(),
                SamplerLog.javaUtilLogging());
        Connection advisorSession = server.open()) {
      Snapshot snapshot = sampler.sampleOnce().orElseThrow();
      report =
          new MissingIndexAdvisor(MissingIndexSettings.defaults())
              .evaluate(advisorSession, snapshot);
    }
  }

  private static void repeat(Connection connection, String query, int times) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      for (int i = 0; i < times; i++) {
        int parameters = statement.getParameterMetaData().getParameterCount();
        for (int p = 1; p <= parameters; p++) {
          statement.setInt(p, p == parameters ? i * 37 % 3000 : i % 3);
        }
        statement.executeQuery().close();
      }
    }
  }

  @Test
  void anIndexScanThroughTheKeyPrefixWhoseFilterThrowsAwayMostRowsAsksForThePrefixPlusTheColumn() {
    Finding missing = onlyMissingIndexOn("events");

    assertThat(missing.action())
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY events_tenant_id_device_id_kind_idx"
                + " ON public.events (tenant_id, device_id, kind);");
    assertThat(missing.undo())
        .isEqualTo("DROP INDEX CONCURRENTLY public.events_tenant_id_device_id_kind_idx;");
    assertThat(missing.evidence())
        .containsEntry("access_path", "residual_filter")
        .containsEntry("index_used", "events_pkey")
        .containsEntry("plan_node", "Index Scan on public.events")
        .containsKeys("queryid", "blocks_per_row", "plan_cost");
    assertThat((Long) missing.evidence().get("rows_fetched")).isBetween(2_000L, 4_000L);
    assertThat((String) missing.evidence().get("filter")).contains("kind = $3");
    assertThat(missing.note()).contains("through events_pkey");
  }

  @Test
  void aBitmapHeapScanWhoseFilterThrowsAwayMostRowsAsksForThePrefixPlusTheColumn() {
    Finding missing = onlyMissingIndexOn("readings");

    assertThat(missing.action())
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY readings_tenant_id_device_id_status_idx"
                + " ON public.readings (tenant_id, device_id, status);");
    assertThat(missing.evidence())
        .containsEntry("access_path", "residual_filter")
        .containsEntry("index_used", "readings_pkey")
        .containsEntry("plan_node", "Bitmap Heap Scan on public.readings");
    assertThat((Long) missing.evidence().get("rows_fetched")).isBetween(2_000L, 4_000L);
  }

  @Test
  void aKeySearchedByItsSecondColumnAloneAsksForAnIndexLeadingWithIt() {
    Finding missing = onlyMissingIndexOn("memberships");

    assertThat(missing.action())
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY memberships_user_id_idx ON public.memberships (user_id);");
    assertThat(missing.evidence())
        .containsEntry("access_path", "non_leading_column")
        .containsEntry("index_used", "memberships_pkey");
    assertThat(missing.note()).contains("not its first");
  }

  @Test
  void findingsComeInTheOrderOfTheirStatementsTotalTime() {
    List<Double> totals =
        report.findings().stream().map(f -> (Double) f.evidence().get("total_ms")).toList();

    assertThat(totals).hasSize(3).isSortedAccordingTo((a, b) -> Double.compare(b, a));
  }

  static Finding onlyMissingIndexOn(String table) {
    List<Finding> matching =
        report.findings().stream().filter(f -> table.equals(f.object().table())).toList();
    assertThat(matching).as("missing_index on " + table + " in " + report).hasSize(1);
    return matching.get(0);
  }
}
