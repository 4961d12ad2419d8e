package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseline save|compare}: figures saved from pg_stat_statements, then the same workload
 * after its index was dropped is a {@code regression}.
 */
class BaselineCommandIT {

  private static final String LOOKUP = "SELECT * FROM parcels WHERE code = ?";

  private static EmbeddedPostgresServer postgres;

  @TempDir Path files;

  @BeforeAll
  static void aTableWithAnIndexedLookup() throws Exception {
    postgres = EmbeddedPostgresServer.start(18);
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      sql.execute("CREATE TABLE parcels (id bigint PRIMARY KEY, code text, weight int)");
      sql.execute(
          "INSERT INTO parcels SELECT g, 'c' || g, g % 90 FROM generate_series(1, 200000) g");
      sql.execute("CREATE INDEX parcels_code_idx ON parcels (code)");
      sql.execute("ANALYZE parcels");
    }
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aLookupThatLostItsIndexSinceTheBaselineIsARegressionAndTheExitStatusSaysSo()
      throws Exception {
    lookUp(300);
    Path file = files.resolve("before.json");
    ForkedJvm.Result saved = baseline("save", "--file", file.toString()).run().requireSuccess();
    assertThat(saved.stdout()).startsWith("Saved ").contains(" to " + file);
    // The driver sends $1 for ?, and pg_stat_statements keeps it: the baseline's shape.
    String fingerprint = SqlFingerprinter.shape(LOOKUP.replace("?", "$1")).fingerprint().toHex();
    assertThat(Files.readString(file))
        .startsWith("{\n  \"querylens_baseline\": 1,")
        .contains("\"fingerprint\":\"" + fingerprint + "\"");

    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("DROP INDEX parcels_code_idx");
    }
    lookUp(150);
    ForkedJvm.Result compared =
        baseline("compare", "--file", file.toString(), "--format", "json").run();

    assertThat(compared.exitCode()).as(compared.stderr()).isEqualTo(3);
    JsonNode report = new ObjectMapper().readTree(compared.stdout());
    assertThat(report.get("since_baseline").asBoolean()).isTrue();
    JsonNode regression = null;
    for (JsonNode finding : report.get("findings")) {
      assertThat(finding.get("kind").asText()).isEqualTo("regression");
      if (fingerprint.equals(finding.get("object").get("fingerprint").asText())) {
        regression = finding;
      }
    }
    assertThat(regression).as("regression of %s in %s", fingerprint, report).isNotNull();
    JsonNode evidence = regression.get("evidence");
    assertThat(evidence.get("calls_before").asLong()).isGreaterThanOrEqualTo(300);
    assertThat(evidence.get("calls_now").asLong()).isEqualTo(150);
    assertThat(evidence.get("mean_now_ms").asDouble())
        .isGreaterThan(2 * evidence.get("mean_before_ms").asDouble());
    assertThat(evidence.get("regressed").asText()).isEqualTo("mean");
  }

  @Test
  void comparedRightAfterSavingNothingHasRegressed() throws Exception {
    lookUp(150);
    Path file = files.resolve("now.json");
    baseline("save", "--file", file.toString()).run().requireSuccess();

    ForkedJvm.Result compared = baseline("compare", "--file", file.toString()).run();

    assertThat(compared.exitCode()).as(compared.stderr()).isZero();
    assertThat(compared.stdout())
        .contains("QueryLens baseline comparison for 127.0.0.1:" + postgres.port())
        .contains("Now: the executions since the baseline")
        .contains("Regressions: 0");
  }

  @Test
  void aFileThatIsNoBaselineIsOneClearLineAndNothingIsSampled() throws Exception {
    Path file = files.resolve("notes.json");
    Files.writeString(file, "{\"shopping\": [\"milk\"]}");

    ForkedJvm.Result compared = baseline("compare", "--file", file.toString()).run();

    assertThat(compared.exitCode()).isEqualTo(2);
    assertThat(compared.stderr().strip())
        .isEqualTo(
            "querylens baseline compare: "
                + file
                + " is not a usable baseline: not a QueryLens baseline: no \"querylens_baseline\""
                + " version key");
  }

  private static void lookUp(int times) throws SQLException {
    try (Connection connection = postgres.connect();
        PreparedStatement lookup = connection.prepareStatement(LOOKUP)) {
      for (int i = 0; i < times; i++) {
        lookup.setString(1, "c" + (1 + (i * 7919) % 200000));
        lookup.executeQuery().close();
      }
    }
  }

  private static ForkedJvm baseline(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "baseline";
    all[1] = args[0];
    all[2] = "--url";
    all[3] = postgres.jdbcUrl();
    all[4] = "--user";
    all[5] = "postgres";
    System.arraycopy(args, 1, all, 6, args.length - 1);
    return ForkedJvm.main("io.querylens.launcher.CommandLineLauncher")
        .classpath(ForkedJvm.agentJar())
        .args(all)
        .timeout(Duration.ofMinutes(1));
  }
}
