package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code report --url PRIMARY --standby STANDBY}: an index only the standby's reads use, on a real
 * streaming standby, is not advised away; a URL that is no standby is told and left out.
 */
class ReportStandbyIT {

  private static EmbeddedPostgresServer primary;
  private static EmbeddedPostgresServer standby;

  @BeforeAll
  static void readOnTheStandbyOnly() throws Exception {
    primary = EmbeddedPostgresServer.start(17);
    try (Connection connection = primary.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE TABLE invoices (id bigint PRIMARY KEY, branch int, amount numeric)");
      sql.execute(
          "INSERT INTO invoices SELECT g, g % 300, g * 2.5 FROM generate_series(1, 20000) g");
      sql.execute("CREATE INDEX invoices_branch ON invoices (branch)");
      sql.execute("ANALYZE invoices");
    }
    standby = primary.startStandby("querylens_report_replica");
    try (Connection connection = standby.connect();
        Statement sql = connection.createStatement()) {
      for (int i = 0; i < 200 && !replayed(sql); i++) {
        Thread.sleep(50);
      }
      for (int branch = 0; branch < 30; branch++) {
        sql.executeQuery("SELECT sum(amount) FROM invoices WHERE branch = " + branch).close();
      }
      sql.execute("SELECT pg_stat_force_next_flush()");
    }
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
  void withoutTheStandbyTheIndexLooksUnusedAndWithItItIsKept() throws Exception {
    assertThat(drops(report("--url", primary.jdbcUrl()).run().requireSuccess()))
        .contains("invoices_branch");

    ForkedJvm.Result withStandby =
        report("--url", primary.jdbcUrl(), "--standby", standby.jdbcUrl()).run().requireSuccess();

    assertThat(drops(withStandby)).doesNotContain("invoices_branch");
    assertThat(withStandby.stderr()).doesNotContain("left out");
  }

  @Test
  void theUrlServerItselfAsStandbyIsToldAndLeftOut() throws Exception {
    ForkedJvm.Result result =
        report("--url", primary.jdbcUrl(), "--standby", primary.jdbcUrl()).run().requireSuccess();

    assertThat(result.stderr())
        .contains(
            "querylens report: --standby 127.0.0.1:"
                + primary.port()
                + " is the --url server itself, not a standby; left out");
    assertThat(drops(result)).contains("invoices_branch");
  }

  @Test
  void aServerNotInRecoveryIsToldAndLeftOut() throws Exception {
    try (EmbeddedPostgresServer other = EmbeddedPostgresServer.start(17)) {
      ForkedJvm.Result result =
          report("--url", primary.jdbcUrl(), "--standby", other.jdbcUrl()).run().requireSuccess();

      assertThat(result.stderr())
          .contains(
              "querylens report: --standby 127.0.0.1:"
                  + other.port()
                  + " is not in recovery, so it is not a standby; left out");
      assertThat(drops(result)).contains("invoices_branch");
    }
  }

  @Test
  void aMalformedStandbyUrlIsOneClearLineAndAFailingExitCode() {
    ForkedJvm.Result result =
        report("--url", primary.jdbcUrl(), "--standby", "jdbc:mysql://x/y").run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.stderr().strip())
        .isEqualTo(
            "querylens report: --standby jdbc:postgresql://host:port/database expected, not"
                + " 'jdbc:mysql://x/y'");
  }

  private static List<String> drops(ForkedJvm.Result result) throws Exception {
    List<String> drops = new ArrayList<>();
    for (JsonNode finding : new ObjectMapper().readTree(result.stdout()).get("findings")) {
      JsonNode action = finding.get("action");
      if (action != null && action.asText().startsWith("DROP INDEX")) {
        drops.add(finding.get("object").get("index").asText());
      }
    }
    return drops;
  }

  private static boolean replayed(Statement sql) throws Exception {
    try (ResultSet rows =
        sql.executeQuery("SELECT to_regclass('public.invoices_branch') IS NOT NULL")) {
      rows.next();
      return rows.getBoolean(1);
    }
  }

  private static ForkedJvm report(String... args) {
    List<String> all = new ArrayList<>(List.of("report"));
    all.addAll(List.of(args));
    all.addAll(List.of("--user", "postgres", "--format", "json", "--wait", "1s"));
    return ForkedJvm.main("io.querylens.launcher.CommandLineLauncher")
        .classpath(ForkedJvm.agentJar())
        .args(all.toArray(new String[0]))
        .timeout(Duration.ofMinutes(1));
  }
}
