package io.querylens.it.agent;

import static io.querylens.it.support.OtlpAttributes.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.querylens.it.app.ShopWorkload;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
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
 * A configured sampler target: a dedicated monitoring role and database replace what the
 * application connects with, still opened through the application's own driver.
 */
class AgentConfiguredSamplerIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;
  private static ForkedJvm.Result run;

  @BeforeAll
  static void runTheShopWithASamplerOfItsOwn() throws Exception {
    postgres = EmbeddedPostgresServer.start(17);
    try (Connection admin = postgres.connect();
        Statement statement = admin.createStatement()) {
      statement.execute(
          "CREATE ROLE monitor LOGIN PASSWORD 'monitor-secret-pw' IN ROLE pg_monitor");
      statement.execute("CREATE DATABASE inventory");
    }
    try (Connection inventory = postgres.connect("inventory");
        Statement statement = inventory.createStatement()) {
      statement.execute("CREATE TABLE stock (sku text PRIMARY KEY, quantity int)");
      statement.execute("INSERT INTO stock SELECT 'sku' || g, g FROM generate_series(1, 1000) g");
    }
    receiver = OtlpReceiver.start();
    run =
        ForkedJvm.main(ShopWorkload.class.getName())
            .sampleAppClasspath()
            .javaagent(ForkedJvm.agentJar())
            .args(postgres.jdbcUrl(), postgres.user(), "", "3000")
            .systemProperties(receiver.exporterSettings(Transport.HTTP))
            .systemProperty("otel.metric.export.interval", "500")
            .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
            .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_URL", postgres.jdbcUrl("inventory"))
            .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_USER", "monitor")
            .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_PASSWORD", "monitor-secret-pw")
            .timeout(Duration.ofMinutes(3))
            .run()
            .requireSuccess();
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
  void theSamplerReadsTheConfiguredDatabaseNotTheApplicationsOne() {
    receiver.awaitMetric("postgresql.table.size", WAIT);

    List<String> tables = new ArrayList<>();
    for (Metric metric : receiver.metrics("postgresql.table.size")) {
      List<NumberDataPoint> points =
          metric.hasSum()
              ? metric.getSum().getDataPointsList()
              : metric.getGauge().getDataPointsList();
      points.forEach(point -> tables.add(attr(point, "db.collection.name")));
    }
    assertThat(tables).contains("stock").doesNotContain("orders", "customers");
  }

  @Test
  void theConfiguredPasswordIsNeverExportedOrLogged() {
    receiver.awaitMetric("postgresql.table.size", WAIT);

    assertThat(receiver.resourceMetrics().toString() + receiver.resourceSpans().toString())
        .doesNotContain("monitor-secret-pw");
    assertThat(run.stdout() + run.stderr()).doesNotContain("monitor-secret-pw");
  }

  @Test
  void aConfiguredRoleWithoutAUrlSamplesTheApplicationsDatabaseAsThatRole() throws Exception {
    try (ForkedJvm.Started shop =
        ForkedJvm.main(ShopWorkload.class.getName())
            .sampleAppClasspath()
            .javaagent(ForkedJvm.agentJar())
            .args(postgres.jdbcUrl(), postgres.user(), "", "1500")
            .systemProperty("otel.traces.exporter", "none")
            .systemProperty("otel.metrics.exporter", "none")
            .systemProperty("otel.logs.exporter", "none")
            .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
            .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_USER", "monitor")
            .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_PASSWORD", "monitor-secret-pw")
            .timeout(Duration.ofMinutes(2))
            .start()) {
      assertThat(samplerSession()).isEqualTo("monitor@postgres");
      shop.awaitExit(Duration.ofMinutes(2)).requireSuccess();
    }
  }

  /** The role and database of the sampler's session (application_name querylens), once open. */
  private static String samplerSession() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (Connection admin = postgres.connect();
          Statement statement = admin.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT usename || '@' || datname FROM pg_stat_activity"
                      + " WHERE application_name = 'querylens'")) {
        if (rows.next()) {
          return rows.getString(1);
        }
      }
      Thread.sleep(200);
    }
    return "no sampler session";
  }
}
