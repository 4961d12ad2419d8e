package io.querylens.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.it.app.ShopWorkload;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the sampler and the advisor send to the database, all of it: the running agent samples and
 * plans as a role of its own ({@code monitor}), and pg_stat_statements, tracking every statement
 * and utility command, shows each one. None writes, none changes the schema, no EXPLAIN runs with
 * ANALYZE; and the sampler's session refuses a write even if one were sent.
 */
class SamplerSafetyIT {

  private static final List<String> WRITES =
      List.of(
          "insert",
          "update",
          "delete",
          "merge",
          "create",
          "drop",
          "alter",
          "truncate",
          "vacuum",
          "analyze",
          "reindex",
          "cluster",
          "grant",
          "revoke",
          "copy",
          "comment",
          "lock",
          "refresh");

  private static final SamplerLog SILENT =
      new SamplerLog() {
        @Override
        public void warning(String message) {}

        @Override
        public void info(String message) {}

        @Override
        public void debug(String message) {}
      };

  private static EmbeddedPostgresServer postgres;
  private static List<String> monitorStatements;

  @BeforeAll
  static void runTheShopSampledAndPlannedAsMonitor() throws Exception {
    postgres = EmbeddedPostgresServer.start(18);
    try (Connection admin = postgres.connect();
        Statement sql = admin.createStatement()) {
      sql.execute("CREATE EXTENSION pg_stat_statements");
      sql.execute("CREATE EXTENSION pgstattuple");
      sql.execute("CREATE ROLE monitor LOGIN IN ROLE pg_monitor, pg_stat_scan_tables");
      sql.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO monitor");
    }
    ForkedJvm.main(ShopWorkload.class.getName())
        .sampleAppClasspath()
        .javaagent(ForkedJvm.agentJar())
        .args(postgres.jdbcUrl(), postgres.user(), "", "3000")
        .systemProperty("otel.traces.exporter", "none")
        .systemProperty("otel.metrics.exporter", "none")
        .systemProperty("otel.logs.exporter", "none")
        .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
        .systemProperty("otel.instrumentation.querylens.advisor.planning.interval", "2s")
        .systemProperty("otel.instrumentation.querylens.sampler.user", "monitor")
        .timeout(Duration.ofMinutes(3))
        .run()
        .requireSuccess();
    monitorStatements = statementsOf("monitor");
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theRunningAgentBothSampledAndPlannedAsItsOwnRole() {
    assertThat(monitorStatements)
        .anySatisfy(query -> assertThat(query).contains("pg_stat_user_indexes"))
        .anySatisfy(query -> assertThat(query.toLowerCase(Locale.ROOT)).startsWith("explain"));
  }

  @Test
  void noStatementItSentWritesOrChangesTheSchema() {
    assertThat(monitorStatements)
        .allSatisfy(
            query -> {
              String start = firstWord(query);
              assertThat(WRITES).as(query).doesNotContain(start);
            });
  }

  @Test
  void noExplainItRanExecutedTheStatement() {
    assertThat(monitorStatements)
        .filteredOn(query -> query.toLowerCase(Locale.ROOT).startsWith("explain"))
        .isNotEmpty()
        .allSatisfy(
            explain ->
                assertThat(explain.toLowerCase(Locale.ROOT))
                    .doesNotContain("analyze")
                    .doesNotContain("analyse"));
  }

  @Test
  void theSamplersOwnSessionRefusesToWrite() {
    Properties monitor = new Properties();
    monitor.setProperty("user", "monitor");
    try (Sampler sampler =
        new Sampler(
            new ServerKey("127.0.0.1", postgres.port()),
            () -> DriverManager.getConnection(postgres.jdbcUrl(), monitor),
            SamplerSettings.defaults(),
            Clock.systemUTC(),
            SILENT)) {
      assertThat(sampler.sampleOnce()).isPresent();
      String outcome =
          sampler
              .withSession(
                  "write probe",
                  session -> {
                    try (Statement sql = session.createStatement()) {
                      sql.execute("CREATE TABLE public.sampler_wrote_this (id int)");
                      return "written";
                    } catch (SQLException refused) {
                      return refused.getSQLState();
                    }
                  })
              .orElseThrow();
      assertThat(outcome).as("read_only_sql_transaction").isEqualTo("25006");
    }
  }

  private static String firstWord(String query) {
    String text = query.stripLeading();
    while (text.startsWith("/*")) {
      int end = text.indexOf("*/");
      text = end < 0 ? "" : text.substring(end + 2).stripLeading();
    }
    int space = 0;
    while (space < text.length() && Character.isLetter(text.charAt(space))) {
      space++;
    }
    return text.substring(0, space).toLowerCase(Locale.ROOT);
  }

  private static List<String> statementsOf(String role) throws SQLException {
    List<String> queries = new ArrayList<>();
    try (Connection admin = postgres.connect();
        Statement sql = admin.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT s.query FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid"
                    + " WHERE r.rolname = '"
                    + role
                    + "'")) {
      while (rows.next()) {
        queries.add(rows.getString(1));
      }
    }
    return queries;
  }
}
