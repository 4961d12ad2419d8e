package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.insight.Advisor;
import io.querylens.core.insight.AdvisorInput;
import io.querylens.core.insight.Finding;
import io.querylens.core.insight.HealthScores;
import io.querylens.core.insight.Severity;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.report.Report;
import io.querylens.it.support.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The advisor against a real PostgreSQL with planted problems: an unused index, redundant indexes,
 * a bloated table; and healthy indexes that must not be flagged.
 */
class AdvisorIT {

  private static EmbeddedPostgresServer postgres;
  private static List<Finding> findings;
  private static Snapshot snapshot;

  @BeforeAll
  static void plantProblemsSampleAndAdvise() throws Exception {
    postgres = EmbeddedPostgresServer.start(17);
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute(
          "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text, note text)");
      sql.execute(
          "INSERT INTO orders SELECT g, g % 500, (ARRAY['new','paid','shipped'])[1 + g % 3],"
              + " 'n' || g FROM generate_series(1, 20000) g");
      sql.execute("CREATE INDEX orders_status_idx ON orders (status)");
      sql.execute("CREATE INDEX orders_customer_idx ON orders (customer_id)");
      sql.execute("CREATE INDEX orders_customer_dup ON orders (customer_id)");
      sql.execute("CREATE INDEX orders_customer_status_idx ON orders (customer_id, status)");
      sql.execute("CREATE UNIQUE INDEX orders_note_key ON orders (note)");
      sql.execute(
          "CREATE TABLE events (id bigint PRIMARY KEY, payload text) WITH (autovacuum_enabled ="
              + " false)");
      sql.execute("INSERT INTO events SELECT g, repeat('x', 50) FROM generate_series(1, 10000) g");
      sql.execute("DELETE FROM events WHERE id % 10 < 6");
      sql.execute("ANALYZE orders");
      // Drop the other single-column indexes from the planner's choice for the lookups below.
      sql.execute("SET enable_seqscan = off");
      try (PreparedStatement lookup =
          connection.prepareStatement(
              "SELECT count(*) FROM orders WHERE customer_id = ? AND status = 'paid'")) {
        for (int customer = 0; customer < 50; customer++) {
          lookup.setLong(1, customer);
          lookup.executeQuery().close();
        }
      }
      sql.execute("SELECT pg_stat_force_next_flush()");
    }
    try (Sampler sampler =
        new Sampler(
            new ServerKey("127.0.0.1", postgres.port()),
            postgres::connect,
            SamplerSettings.defaults(),
            Clock.systemUTC(),
            SamplerLog.javaUtilLogging())) {
      snapshot = sampler.sampleOnce().orElseThrow();
    }
    findings = Advisor.standard().evaluate(AdvisorInput.of(snapshot));
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void anIndexNoQueryUsesIsFoundWithItsDropAndExactUndo() {
    Finding unused = only("unused_index", "orders_status_idx");

    assertThat(unused.action()).isEqualTo("DROP INDEX CONCURRENTLY public.orders_status_idx;");
    assertThat(unused.undo())
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY orders_status_idx ON public.orders USING btree (status);");
    assertThat(unused.evidence()).containsEntry("scans", 0L);
  }

  @Test
  void redundantIndexesAreFoundAndTheCoveringIndexKept() {
    // Two unscanned twins under the composite the lookups use: both go, relying on the composite
    // (not one on the other, which would have to stay).
    Finding first = only("duplicate_index", "orders_customer_idx");
    Finding second = only("duplicate_index", "orders_customer_dup");

    assertThat(first.evidence()).containsEntry("covered_by", "orders_customer_status_idx");
    assertThat(second.evidence()).containsEntry("covered_by", "orders_customer_status_idx");
    assertThat(first.action()).isNotNull();
    assertThat(second.action()).isNotNull();
    assertThat(indexesFlagged("duplicate_index")).doesNotContain("orders_customer_status_idx");
  }

  @Test
  void aTableMostlyOfDeadTuplesIsCriticalBloatWithVacuumAsTheAction() {
    Finding bloat =
        findings.stream()
            .filter(f -> f.kind().equals("table_bloat") && "events".equals(f.object().table()))
            .findFirst()
            .orElseThrow();

    assertThat(bloat.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(bloat.action()).isEqualTo("VACUUM (ANALYZE) public.events;");
    assertThat(findings)
        .noneMatch(f -> f.kind().equals("table_bloat") && "orders".equals(f.object().table()));
  }

  @Test
  void noHealthyIndexIsFlagged() {
    List<String> flagged = indexesFlagged("unused_index");
    flagged.addAll(indexesFlagged("duplicate_index"));

    assertThat(flagged)
        .doesNotContain(
            "orders_pkey", "events_pkey", "orders_note_key", "orders_customer_status_idx");
  }

  @Test
  void theJsonReportCarriesEveryFindingWithItsSql() {
    String json =
        new Report(
                "127.0.0.1:" + postgres.port(),
                snapshot.statements(),
                findings,
                HealthScores.of(AdvisorInput.of(snapshot), findings))
            .toJson(10);

    assertThat(json)
        .contains("\"findings\":[")
        .contains("\"kind\":\"unused_index\"")
        .contains("\"risk\":\"medium\"")
        .contains("\"action\":\"DROP INDEX CONCURRENTLY public.orders_status_idx;\"");
  }

  private static Finding only(String kind, String index) {
    List<Finding> matching =
        findings.stream()
            .filter(f -> f.kind().equals(kind) && index.equals(f.object().index()))
            .toList();
    assertThat(matching).as(kind + " " + index + " in " + findings).hasSize(1);
    return matching.get(0);
  }

  private static List<String> indexesFlagged(String kind) {
    return new java.util.ArrayList<>(
        findings.stream().filter(f -> f.kind().equals(kind)).map(f -> f.object().index()).toList());
  }
}
