package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code java -jar querylens-agent.jar report --url ...}: the advisor for DBAs, no application. */
class ReportCommandIT {

  private static EmbeddedPostgresServer postgres;

  @BeforeAll
  static void plantAnUnusedIndex() throws Exception {
    postgres = EmbeddedPostgresServer.start(18);
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      sql.execute("CREATE TABLE accounts (id bigint PRIMARY KEY, region text, email text)");
      sql.execute(
          "INSERT INTO accounts SELECT g, 'r' || (g % 7), 'secret' || g || '@example.com'"
              + " FROM generate_series(1, 5000) g");
      sql.execute("CREATE INDEX accounts_region_idx ON accounts (region)");
      sql.execute("SELECT count(*) FROM accounts WHERE email = 'secret42@example.com'");
    }
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theJsonReportListsFindingsWithKindSeverityRiskObjectEvidenceActionAndUndo()
      throws Exception {
    ForkedJvm.Result result =
        report(
                "--url",
                postgres.jdbcUrl(),
                "--user",
                "postgres",
                "--format",
                "json",
                "--wait",
                "1s")
            .run()
            .requireSuccess();

    JsonNode report = new ObjectMapper().readTree(result.stdout());
    JsonNode unused = null;
    for (JsonNode finding : report.get("findings")) {
      assertThat(finding.fieldNames())
          .toIterable()
          .contains("kind", "severity", "risk", "object", "evidence", "action", "undo");
      if (finding.get("kind").asText().equals("unused_index")
          && finding.get("object").get("index").asText().equals("accounts_region_idx")) {
        unused = finding;
      }
    }
    assertThat(unused).as("unused_index accounts_region_idx in %s", report).isNotNull();
    assertThat(unused.get("action").asText())
        .isEqualTo("DROP INDEX CONCURRENTLY public.accounts_region_idx;");
    assertThat(unused.get("undo").asText())
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY accounts_region_idx ON public.accounts USING btree (region);");
    assertThat(report.get("statements").size()).isPositive();
    JsonNode health = null;
    for (JsonNode index : report.get("health").get("indexes")) {
      if (index.get("index").asText().equals("accounts_region_idx")) {
        health = index;
      }
    }
    assertThat(health).as("accounts_region_idx in %s", report.get("health")).isNotNull();
    // Unused (40) and written 5,000 times without a scan (25, the cap).
    assertThat(health.get("deductions").get("usage").asInt()).isEqualTo(40);
    assertThat(health.get("deductions").get("write_cost").asInt()).isEqualTo(25);
    assertThat(health.get("score").asInt()).isEqualTo(35);
    assertThat(health.get("grade").asText()).isEqualTo("F");
    assertThat(result.stdout()).doesNotContain("secret42@example.com");
  }

  @Test
  void theTextReportIsForPeople() {
    ForkedJvm.Result result =
        report("--url", postgres.jdbcUrl(), "--user", "postgres", "--wait", "1s")
            .run()
            .requireSuccess();

    assertThat(result.stdout())
        .contains("QueryLens report for 127.0.0.1:" + postgres.port())
        .contains("Health (0-100: A 90+, B 80+, C 70+, D 60+, F below; points lost by cause)")
        .contains(" 35 F  index public.accounts.accounts_region_idx  (usage -40, write_cost -25)")
        .contains("[WARNING] unused_index: public.accounts.accounts_region_idx (risk medium)")
        .contains("action: DROP INDEX CONCURRENTLY public.accounts_region_idx;");
  }

  @Test
  void theAdvisorsThresholdsAreSettingsTheReportCommandReadsToo() {
    ForkedJvm.Result result =
        report("--url", postgres.jdbcUrl(), "--user", "postgres", "--wait", "1s")
            .env("OTEL_INSTRUMENTATION_QUERYLENS_ADVISOR_UNUSED_INDEX_MIN_BYTES", "1000000000")
            .run()
            .requireSuccess();

    assertThat(result.stdout())
        .contains("QueryLens report for 127.0.0.1:" + postgres.port())
        .doesNotContain("unused_index: public.accounts.accounts_region_idx");
  }

  @Test
  void aWrongUrlIsOneClearLineAndAFailingExitCode() {
    ForkedJvm.Result result = report("--url", "jdbc:mysql://x/y").run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr().strip())
        .isEqualTo("querylens report: --url jdbc:postgresql://host:port/database is required");
  }

  private static ForkedJvm report(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "report";
    System.arraycopy(args, 0, all, 1, args.length);
    return ForkedJvm.main("io.querylens.launcher.CommandLineLauncher")
        .classpath(ForkedJvm.agentJar())
        .args(all)
        .timeout(Duration.ofMinutes(1));
  }
}
