package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.insight.Advisor;
import io.querylens.core.insight.AdvisorInput;
import io.querylens.core.insight.Finding;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.it.support.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The index advice as one plan, on a real PostgreSQL with planted traps: identical indexes of which
 * one is used, a used index that is a prefix of an unused composite, the only index serving a
 * foreign key, a table and a column named by reserved words, a partial index. Every recommended
 * action is then applied, all together, and the workload's plans must cost no more than before.
 */
class IndexActionPlanIT {

  /** The statements of the workload, each also EXPLAINed before and after the plan is applied. */
  private static final List<String> WORKLOAD =
      List.of(
          "SELECT count(*) FROM \"order\" WHERE status = 's7'",
          "SELECT count(*) FROM \"order\" WHERE day = 42",
          "SELECT id FROM \"order\" WHERE id = 1234");

  private static EmbeddedPostgresServer postgres;
  private static List<Finding> findings;

  @BeforeAll
  static void plantSampleAndAdvise() throws Exception {
    postgres = EmbeddedPostgresServer.start(17);
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE TABLE customers (id bigint PRIMARY KEY, name text)");
      sql.execute("INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 500) g");
      sql.execute(
          "CREATE TABLE \"order\" (id bigint PRIMARY KEY, customer_id bigint REFERENCES"
              + " customers (id), \"user\" text, status text, \"Region\" text, day int)");
      sql.execute(
          "INSERT INTO \"order\" SELECT g, 1 + g % 500, 'u' || (g % 1000), 's' || (g % 100),"
              + " 'r' || (g % 7), g % 365 FROM generate_series(1, 30000) g");
      sql.execute("CREATE INDEX order_status_used ON \"order\" (status)");
      sql.execute("CREATE INDEX order_day ON \"order\" (day)");
      sql.execute("CREATE INDEX order_customer ON \"order\" (customer_id)");
      sql.execute("CREATE INDEX \"order_User\" ON \"order\" (\"user\")");
      sql.execute("CREATE INDEX order_region_paid ON \"order\" (\"Region\") WHERE status = 's1'");
      sql.execute("ANALYZE customers, \"order\"");
      // The workload runs before the twin and the composite exist: their scans stay at zero.
      for (int i = 0; i < 20; i++) {
        for (String statement : WORKLOAD) {
          sql.executeQuery(statement).close();
        }
      }
      sql.execute("CREATE INDEX order_status_twin ON \"order\" (status)");
      sql.execute("CREATE INDEX order_day_status ON \"order\" (day, status)");
      sql.execute("ANALYZE \"order\"");
      sql.execute("SELECT pg_stat_force_next_flush()");
    }
    Snapshot snapshot;
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
  void ofTheIdenticalPairOnlyTheUnscannedTwinIsDropped() {
    assertThat(dropped()).contains("order_status_twin").doesNotContain("order_status_used");
  }

  @Test
  void theUsedPrefixStaysAndTheUnusedCompositeGoes() {
    assertThat(dropped()).contains("order_day_status").doesNotContain("order_day");
  }

  @Test
  void theOnlyIndexServingAForeignKeyIsKeptAndSaysWhy() {
    Finding customer = only("order_customer");

    assertThat(customer.action()).isNull();
    assertThat(customer.evidence()).containsEntry("serves_foreign_keys", "order_customer_id_fkey");
  }

  @Test
  void noIndexIsNamedByTwoFindings() {
    List<String> named = new ArrayList<>();
    for (Finding finding : indexFindings()) {
      named.add(finding.object().index());
    }
    assertThat(named).doesNotHaveDuplicates();
  }

  @Test
  void aPartialIndexIsNeverCalledADuplicate() {
    assertThat(only("order_region_paid").evidence()).doesNotContainKey("covered_by");
  }

  @Test
  void reservedWordAndMixedCaseNamesAreQuotedAndTheUndoRunsAsWritten() throws SQLException {
    Finding user = only("order_User");

    assertThat(user.action()).isEqualTo("DROP INDEX CONCURRENTLY public.\"order_User\";");
    assertThat(user.undo())
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY \"order_User\" ON public.\"order\" USING btree (\"user\");");
  }

  @Test
  void applyingEveryActionTogetherRunsAndLeavesNoWorkloadPlanCostlier() throws SQLException {
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      Map<String, Double> before = costs(sql);
      for (Finding finding : indexFindings()) {
        if (finding.action() != null) {
          sql.execute(finding.action());
        }
      }
      Map<String, Double> after = costs(sql);

      assertThat(after.keySet()).isEqualTo(before.keySet());
      before.forEach(
          (statement, cost) ->
              assertThat(after.get(statement)).as(statement).isLessThanOrEqualTo(cost * 1.0001));
      // And each undo is valid SQL that brings its index back.
      for (Finding finding : indexFindings()) {
        if (finding.undo() != null) {
          sql.execute(finding.undo());
        }
      }
      assertThat(indexCount(sql)).isEqualTo(8);
    }
  }

  private static Map<String, Double> costs(Statement sql) throws SQLException {
    Map<String, Double> costs = new LinkedHashMap<>();
    for (String statement : WORKLOAD) {
      try (ResultSet plan = sql.executeQuery("EXPLAIN (FORMAT JSON) " + statement)) {
        plan.next();
        String json = plan.getString(1);
        int at = json.indexOf("\"Total Cost\": ") + "\"Total Cost\": ".length();
        int end = at;
        while (Character.isDigit(json.charAt(end)) || json.charAt(end) == '.') {
          end++;
        }
        costs.put(statement, Double.parseDouble(json.substring(at, end)));
      }
    }
    return costs;
  }

  private static long indexCount(Statement sql) throws SQLException {
    try (ResultSet rows =
        sql.executeQuery("SELECT count(*) FROM pg_indexes WHERE tablename = 'order'")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static List<String> dropped() {
    List<String> dropped = new ArrayList<>();
    for (Finding finding : indexFindings()) {
      if (finding.action() != null && finding.action().startsWith("DROP INDEX")) {
        dropped.add(finding.object().index());
      }
    }
    return dropped;
  }

  private static List<Finding> indexFindings() {
    List<Finding> index = new ArrayList<>();
    for (Finding finding : findings) {
      if (finding.kind().equals("unused_index") || finding.kind().equals("duplicate_index")) {
        index.add(finding);
      }
    }
    return index;
  }

  private static Finding only(String index) {
    List<Finding> named = new ArrayList<>();
    for (Finding finding : indexFindings()) {
      if (index.equals(finding.object().index())) {
        named.add(finding);
      }
    }
    assertThat(named).as("findings on " + index + " among " + findings).hasSize(1);
    return named.get(0);
  }
}
