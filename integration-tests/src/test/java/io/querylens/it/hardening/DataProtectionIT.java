package io.querylens.it.hardening;

import static io.querylens.it.hardening.Hardening.agentLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.app.PlantedValuesApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Planted values (an e-mail address, a card number, a password) in every place SQL carries values,
 * and passwords for the application's and the sampler's roles (the server checks them): none of
 * them appears in anything the agent exports or logs, nor in the {@code report} command's output.
 */
class DataProtectionIT {

  private static final String APP_PASSWORD = "App-Role-Pw-31x";
  private static final String MONITOR_PASSWORD = "Monitor-Role-Pw-47y";
  private static final String WRONG_MONITOR_PASSWORD = "Wrong-Monitor-Pw-99z";

  private static final List<String> SECRETS =
      List.of(
          PlantedValuesApp.EMAIL,
          PlantedValuesApp.BOUND_EMAIL,
          PlantedValuesApp.CARD,
          PlantedValuesApp.PASSWORD,
          APP_PASSWORD,
          MONITOR_PASSWORD,
          WRONG_MONITOR_PASSWORD);

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;

  @BeforeAll
  static void startWithPasswordsRequired() throws Exception {
    postgres = EmbeddedPostgresServer.start(18);
    receiver = OtlpReceiver.start();
    try (Connection admin = postgres.connect();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      statement.execute("CREATE ROLE shop LOGIN PASSWORD '" + APP_PASSWORD + "'");
      statement.execute("GRANT CREATE ON SCHEMA public TO shop");
      statement.execute(
          "CREATE ROLE monitor LOGIN PASSWORD '" + MONITOR_PASSWORD + "' IN ROLE pg_monitor");
      String hbaFile;
      try (ResultSet row = statement.executeQuery("SHOW hba_file")) {
        row.next();
        hbaFile = row.getString(1);
      }
      // The fixture's superuser keeps trust; every other role must give its password.
      Files.writeString(
          Path.of(hbaFile),
          "local all all trust\n"
              + "host all postgres 127.0.0.1/32 trust\n"
              + "host all all 127.0.0.1/32 scram-sha-256\n");
      statement.execute("SELECT pg_reload_conf()");
    }
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void noPlantedValueAndNoPasswordLeavesTheProcessOrReachesItsLog() {
    receiver.reset();
    ForkedJvm.Result run =
        runHeldUntil(
            plantedValues()
                .systemProperty("otel.instrumentation.querylens.debug", "true")
                .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_URL", postgres.jdbcUrl())
                .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_USER", "monitor")
                .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_PASSWORD", MONITOR_PASSWORD),
            "postgresql.statement.calls");

    assertThat(run.stdout()).contains("RESULT duplicate 23505");
    assertThat(receiver.spans()).hasSizeGreaterThanOrEqualTo(8);
    assertThat(receiver.metrics("postgresql.statement.calls")).isNotEmpty();
    assertNoSecretIn("everything exported", receiver.everythingReceivedAsText());
    assertNoSecretIn("the application's output and log", run.stdout() + run.stderr());
  }

  @Test
  void aWrongSamplerPasswordIsToldWithoutThePassword() {
    receiver.reset();
    ForkedJvm.Result run =
        runHeldUntil(
            plantedValues()
                .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_URL", postgres.jdbcUrl())
                .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_USER", "monitor")
                .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_PASSWORD", WRONG_MONITOR_PASSWORD),
            "db.client.operation.duration");

    assertThat(agentLines(run.stderr()))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("cannot connect")
                    .contains("password authentication failed for user \"monitor\""));
    assertNoSecretIn("everything exported", receiver.everythingReceivedAsText());
    assertNoSecretIn("the application's output and log", run.stdout() + run.stderr());
  }

  @Test
  void theReportCommandShowsNoPlantedValueNorThePassword() {
    runHeldUntil(plantedValues(), "db.client.operation.duration");
    for (String format : List.of("text", "json")) {
      ForkedJvm.Result report =
          ForkedJvm.main("io.querylens.launcher.CommandLineLauncher")
              .classpath(ForkedJvm.agentJar())
              .env("PGPASSWORD", MONITOR_PASSWORD)
              .args(
                  "report",
                  "--url",
                  postgres.jdbcUrl(),
                  "--user",
                  "monitor",
                  "--wait",
                  "1s",
                  "--format",
                  format)
              .timeout(Duration.ofMinutes(1))
              .run()
              .requireSuccess();

      assertThat(report.stdout()).containsIgnoringCase("people");
      assertNoSecretIn("the report (" + format + ")", report.stdout() + report.stderr());
    }
  }

  // ---- helpers ----

  private static ForkedJvm plantedValues() {
    return Hardening.traced(
            ForkedJvm.main(PlantedValuesApp.class.getName())
                .sampleAppClasspath()
                .args(postgres.jdbcUrl(), "shop", APP_PASSWORD),
            receiver)
        .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s");
  }

  /** Runs the application, holding it until {@code metric} arrived, then lets it finish. */
  private static ForkedJvm.Result runHeldUntil(ForkedJvm app, String metric) {
    Path holds = Hardening.holdDirectory();
    try (ForkedJvm.Started started = app.args(holds.toString()).start()) {
      started.awaitOutput("HOLD", Hardening.WAIT);
      receiver.awaitMetric(metric, Duration.ofSeconds(60));
      Hardening.sleep(Duration.ofSeconds(2)); // one more sample, surely after every statement
      try {
        Files.createFile(holds.resolve("go"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return started.awaitExit(Duration.ofMinutes(1)).requireSuccess();
    }
  }

  private static void assertNoSecretIn(String where, String text) {
    for (String secret : SECRETS) {
      int at = text.indexOf(secret);
      assertThat(at)
          .as(
              "%s must not contain %s, found in: %s",
              where,
              secret,
              at < 0
                  ? ""
                  : text.substring(Math.max(0, at - 300), Math.min(text.length(), at + 100)))
          .isNegative();
    }
  }
}
