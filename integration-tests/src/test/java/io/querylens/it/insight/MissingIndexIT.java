package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.insight.Advisor;
import io.querylens.core.insight.AdvisorInput;
import io.querylens.core.insight.Finding;
import io.querylens.core.insight.MissingIndexAdvisor;
import io.querylens.core.insight.MissingIndexReport;
import io.querylens.core.insight.MissingIndexSettings;
import io.querylens.core.insight.PlannerProbeLedger;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.it.support.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The missing-index advisor against a real PostgreSQL, once per version (GENERIC_PLAN from 16, a
 * prepared generic plan before): a hot lookup on an unindexed column is found, one an index serves
 * is not, and the index scans the advisor's own planning adds do not make an unused index look
 * used.
 */
abstract class MissingIndexIT {

  private static EmbeddedPostgresServer postgres;
  private static MissingIndexReport report;
  private static Snapshot before;
  private static Snapshot after;
  private static Instant roundEnded;
  private static long createdIndexScansBefore;
  private static long createdIndexScansAfter;
  private static String sessionAfterRound;

  static void plantWorkloadAndExplain(int major) throws Exception {
    postgres = EmbeddedPostgresServer.start(major);
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE EXTENSION pg_stat_statements");
      sql.execute(
          "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text,"
              + " created_at timestamptz)");
      sql.execute(
          "INSERT INTO orders SELECT g, g % 5000, (ARRAY['new','paid','shipped'])[1 + g % 3],"
              + " timestamptz '2026-01-01' + g * interval '1 minute'"
              + " FROM generate_series(1, 50000) g");
      sql.execute("CREATE INDEX orders_created_idx ON orders (created_at)");
      sql.execute("CREATE TABLE customers (id bigint PRIMARY KEY, email text)");
      sql.execute(
          "INSERT INTO customers SELECT g, 'c' || g || '@example.com'"
              + " FROM generate_series(1, 50000) g");
      sql.execute("CREATE INDEX customers_email_idx ON customers (email)");
      sql.execute("ANALYZE orders");
      sql.execute("ANALYZE customers");
      sql.execute("SELECT pg_stat_statements_reset()");
      repeat(connection, "SELECT id, status FROM orders WHERE customer_id = ?", 300);
      repeat(connection, "SELECT id FROM customers WHERE email = ?", 300);
      // A range condition on the indexed column: planning it reads the index's extreme values.
      for (int i = 0; i < 50; i++) {
        sql.executeQuery("SELECT id FROM orders WHERE created_at > now()").close();
      }
    }
    statementOnATableThatIsGone(postgres);
    // From here on the index has no scans: any it gains come from the advisor's planning.
    awaitSteadyIndexScans("orders_created_idx");
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("SELECT pg_stat_reset()");
    }
    awaitIndexScans("orders_created_idx", 0);
    createdIndexScansBefore = indexScans("orders_created_idx");
    try (Sampler sampler = sampler();
        Connection advisorSession = postgres.connect()) {
      before = sampler.sampleOnce().orElseThrow();
      asTheSamplersSessionIs(advisorSession);
      report =
          new MissingIndexAdvisor(MissingIndexSettings.defaults()).evaluate(advisorSession, before);
      roundEnded = Instant.now();
      sessionAfterRound = sessionState(advisorSession);
      createdIndexScansAfter =
          awaitIndexScans(
              "orders_created_idx",
              createdIndexScansBefore
                  + report.scansAddedByAdvisor().getOrDefault("public.orders_created_idx", 0L));
      // The agent samples an interval later; the ledger counts a round once its flush is due.
      Thread.sleep(1_200);
      after = sampler.sampleOnce().orElseThrow();
    }
  }

  /** A statement on a temporary table, gone with its session. */
  private static void statementOnATableThatIsGone(EmbeddedPostgresServer server) throws Exception {
    try (Connection connection = server.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE TEMP TABLE scratch (id bigint, owner bigint)");
      repeat(connection, "SELECT id FROM scratch WHERE owner = ?", 20);
    }
  }

  private static String sessionState(Connection session) throws Exception {
    try (Statement sql = session.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT current_setting('search_path') || ' ' || current_setting('statement_timeout')"
                    + " || ' ' || (SELECT count(*) FROM pg_prepared_statements WHERE from_sql)")) {
      rows.next();
      return rows.getString(1) + " autocommit=" + session.getAutoCommit();
    }
  }

  /** The agent explains on its sampler's session: read-only, timeouts, search_path pg_catalog. */
  private static void asTheSamplersSessionIs(Connection session) throws Exception {
    try (Statement sql = session.createStatement()) {
      sql.execute("SET default_transaction_read_only = on");
      sql.execute("SET statement_timeout = 5000");
      sql.execute("SET lock_timeout = 1000");
      sql.execute("SET search_path = pg_catalog");
    }
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aHotLookupOnAnUnindexedColumnGetsANamedConcurrentIndexWithItsExactUndo() {
    Finding missing = onlyMissingIndexOn("orders");

    assertThat(missing.action())
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON public.orders (customer_id);");
    assertThat(missing.undo()).isEqualTo("DROP INDEX CONCURRENTLY public.orders_customer_id_idx;");
    assertThat(missing.evidence())
        .containsEntry("calls", 300L)
        .containsEntry("plan_node", "Seq Scan on public.orders")
        .containsEntry("verified", false)
        .containsKeys("queryid", "total_ms", "mean_ms", "plan_cost", "plan_rows");
    assertThat((String) missing.evidence().get("filter")).contains("customer_id = $1");
    assertThat((Long) missing.evidence().get("table_rows")).isBetween(45_000L, 55_000L);
    assertThat(missing.note()).startsWith("Unverified");
  }

  @Test
  void aLookupAnIndexAlreadyServesIsNotAFinding() {
    assertThat(report.findings()).noneMatch(f -> "customers".equals(f.object().table()));
    assertThat(report.explained()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void aStatementItCannotExplainIsSkippedAndCountedAndTheSessionIsLeftAsItWas() {
    assertThat(report.skipped()).as("skipped in " + report).isEqualTo(1);
    assertThat(report.skippedBecause()).singleElement().asString().contains("scratch");
    assertThat(sessionAfterRound).isEqualTo("pg_catalog 5s 0 autocommit=true");
  }

  @Test
  void theAdvisorsOwnPlanningScansTheRangeIndexAndItMeasuresExactlyHowOften() {
    long added = report.scansAddedByAdvisor().getOrDefault("public.orders_created_idx", 0L);

    assertThat(added).as("the planner probed the index while explaining").isPositive();
    assertThat(createdIndexScansAfter - createdIndexScansBefore).isEqualTo(added);
    assertThat(indexIn(after, "orders_created_idx").scans()).isEqualTo(added);
  }

  @Test
  void thoseScansDoNotMakeTheUnusedIndexLookUsed() {
    PlannerProbeLedger ledger = new PlannerProbeLedger();
    ledger.record(roundEnded, report.scansAddedByAdvisor());
    Map<String, Long> scans = ledger.visibleIn(after.sampledAt(), after.database().statsReset());

    List<Finding> fooled = Advisor.standard().evaluate(AdvisorInput.of(after));
    List<Finding> findings =
        Advisor.standard().evaluate(AdvisorInput.of(after).withScansAddedByAdvisor(scans));

    assertThat(fooled).noneMatch(MissingIndexIT::unusedCreatedIndex);
    assertThat(findings)
        .filteredOn(MissingIndexIT::unusedCreatedIndex)
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.evidence())
                    .containsEntry(
                        "scans_by_advisor",
                        report.scansAddedByAdvisor().get("public.orders_created_idx")));
  }

  private static boolean unusedCreatedIndex(Finding finding) {
    return finding.kind().equals("unused_index")
        && "orders_created_idx".equals(finding.object().index());
  }

  private static Finding onlyMissingIndexOn(String table) {
    List<Finding> matching =
        report.findings().stream().filter(f -> table.equals(f.object().table())).toList();
    assertThat(matching).as("missing_index on " + table + " in " + report).hasSize(1);
    return matching.get(0);
  }

  private static io.querylens.core.pg.IndexStats indexIn(Snapshot snapshot, String name) {
    return snapshot.indexes().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  private static void repeat(Connection connection, String query, int times) throws Exception {
    try (PreparedStatement lookup = connection.prepareStatement(query)) {
      for (int i = 0; i < times; i++) {
        if (query.contains("email")) {
          lookup.setString(1, "c" + (i * 97 % 50000) + "@example.com");
        } else {
          lookup.setLong(1, i * 7 % 5000);
        }
        lookup.executeQuery().close();
      }
    }
  }

  private static Sampler sampler() {
    return new Sampler(
        new ServerKey("127.0.0.1", postgres.port()),
        postgres::connect,
        SamplerSettings.defaults(),
        Clock.systemUTC(),
        SamplerLog.javaUtilLogging());
  }

  /** {@code pg_stat_user_indexes.idx_scan} as another session sees it. */
  private static long indexScans(String index) throws Exception {
    try (Connection connection = postgres.connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = ?")) {
      query.setString(1, index);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** Until the workload's sessions flushed their statistics: the same count twice, 1 s apart. */
  private static void awaitSteadyIndexScans(String index) throws Exception {
    long previous = -1;
    long scans = indexScans(index);
    for (int i = 0; i < 10 && (scans == 0 || scans != previous); i++) {
      Thread.sleep(1_000);
      previous = scans;
      scans = indexScans(index);
    }
  }

  /** Statistics reach other sessions after a flush (13 and 14: the collector's, up to ~1 s). */
  private static long awaitIndexScans(String index, long expected) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    long scans = indexScans(index);
    while (scans != expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
      scans = indexScans(index);
    }
    return scans;
  }
}
