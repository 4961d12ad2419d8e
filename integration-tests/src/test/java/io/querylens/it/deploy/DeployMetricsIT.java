package io.querylens.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.querylens.it.app.ShopWorkload;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every panel of the Grafana dashboards and every alert rule works in a real Prometheus: the shop
 * workload runs with the agent, while one session holds a lock another waits for, Debian's
 * Prometheus scrapes the agent's endpoint every second and evaluates the alert rules, and each
 * panel's query, with its variables filled as Grafana fills them, must return series (and no NaN
 * where "no data" is meant). A renamed metric or label fails here instead of leaving an empty
 * panel.
 */
class DeployMetricsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(150);

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;
  private static ForkedJvm.Started shop;
  private static Connection holder;
  private static CompletableFuture<Void> waiter;
  private static int port;
  private static PrometheusServer prometheus;

  @BeforeAll
  static void runTheShopWithALockWait() throws Exception {
    postgres = EmbeddedPostgresServer.start(18);
    receiver = OtlpReceiver.start();
    try (Connection connection = postgres.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      statement.execute("CREATE TABLE lock_probe (id int)");
    }
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    shop =
        ForkedJvm.main(ShopWorkload.class.getName())
            .sampleAppClasspath()
            .javaagent(ForkedJvm.agentJar())
            .args(postgres.jdbcUrl(), postgres.user(), "", "100000000")
            .systemProperties(receiver.exporterSettings(OtlpReceiver.Transport.HTTP))
            .env("OTEL_SERVICE_NAME", "shop-demo")
            .env("OTEL_METRICS_EXPORTER", "otlp,prometheus")
            .env("OTEL_METRIC_EXPORT_INTERVAL", "1000")
            .env("OTEL_TRACES_EXPORTER", "none")
            .env("OTEL_LOGS_EXPORTER", "none")
            .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
            .env("OTEL_EXPORTER_PROMETHEUS_PORT", Integer.toString(port))
            .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_INTERVAL", "1s")
            .timeout(Duration.ofMinutes(10))
            .start();
    // Only once the shop runs its statements: its set-up ends with a database-wide ANALYZE, which
    // would wait behind the lock. SHARE mode blocks the INSERT's ROW EXCLUSIVE lock but not the
    // sampler's ACCESS SHARE reads.
    awaitScrapeContaining("db_query_summary=\"SELECT orders\"");
    if (PrometheusServer.installed()) {
      prometheus =
          PrometheusServer.start("shop-demo", "127.0.0.1:" + port, DeployFiles.alertsFile());
    } else if ("true".equals(System.getenv("CI"))) {
      throw new IllegalStateException(
          PrometheusServer.BINARY + " is missing: .ci/run installs Debian's prometheus package");
    }
    holder = postgres.connect();
    holder.setAutoCommit(false);
    try (Statement statement = holder.createStatement()) {
      statement.execute("LOCK TABLE lock_probe IN SHARE MODE");
    }
    waiter =
        CompletableFuture.runAsync(
            () -> {
              try (Connection connection = postgres.connect();
                  Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO lock_probe VALUES (1)");
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  @AfterAll
  static void stop() throws Exception {
    if (holder != null) {
      holder.rollback();
      holder.close();
      waiter.join();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (shop != null) {
      shop.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everyPanelQueryReturnsSeriesAndNoNaNInARealPrometheus() throws Exception {
    assumePrometheus();
    List<String> failing = panelFailures();
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!failing.isEmpty() && Instant.now().isBefore(deadline)) {
      Thread.sleep(2_000);
      failing = panelFailures();
    }
    assertThat(failing).as("panel queries that Prometheus answers with nothing or NaN").isEmpty();
  }

  @Test
  void prometheusEvaluatesEveryAlertRuleWithoutError() throws Exception {
    assumePrometheus();
    List<String> unhealthy = List.of();
    Instant deadline = Instant.now().plus(PATIENCE);
    do {
      List<JsonNode> rules = prometheus.rules();
      assertThat(rules).hasSize(DeployFiles.rules(DeployFiles.alerts()).size());
      unhealthy =
          rules.stream()
              .filter(
                  rule ->
                      !rule.path("health").asText().equals("ok")
                          || rule.path("lastEvaluation").asText().startsWith("0001-"))
              .map(rule -> rule.path("name").asText() + ": " + rule)
              .toList();
      if (unhealthy.isEmpty()) {
        break;
      }
      Thread.sleep(1_000);
    } while (Instant.now().isBefore(deadline));
    assertThat(unhealthy).as("rules not evaluated, or evaluated with an error").isEmpty();
  }

  /**
   * The held lock raises the lock alert, while the unused index that the shop plants, open from the
   * first sample on, does not page as "new": this Prometheus has no day of history to compare with.
   */
  @Test
  void aLockWaitRaisesItsAlertAndAFreshPrometheusPagesNoNewUnusedIndex() throws Exception {
    assumePrometheus();
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!ruleState("QueryLensBlockingLock").matches("pending|firing")
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(1_000);
    }
    assertThat(ruleState("QueryLensBlockingLock")).isIn("pending", "firing");
    assertThat(
            prometheus.query(
                "querylens_finding_open{querylens_finding_kind=\"unused_index\","
                    + " postgresql_index_name=\"customers_country_idx\"}"))
        .isNotEmpty();
    assertThat(ruleState("QueryLensNewUnusedIndex")).isEqualTo("inactive");
  }

  @Test
  void theFindingsTableShowsEveryProblemPlantedInTheShop() throws Exception {
    awaitScrapeContaining("querylens_finding_kind=\"blocking_lock\"");
    String text = awaitScrapeContaining("querylens_finding_kind=\"table_bloat\"");
    assertThat(text.lines().filter(line -> line.startsWith("querylens_finding_open{")))
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("querylens_finding_kind=\"unused_index\"")
                    .contains("postgresql_index_name=\"customers_country_idx\"")
                    .contains(
                        "querylens_finding_action=\"DROP INDEX CONCURRENTLY"
                            + " public.customers_country_idx;\""))
        .anySatisfy(line -> assertThat(line).contains("querylens_finding_kind=\"duplicate_index\""))
        .anySatisfy(line -> assertThat(line).contains("querylens_finding_kind=\"table_bloat\""))
        .anySatisfy(line -> assertThat(line).contains("querylens_finding_kind=\"blocking_lock\""));
  }

  /**
   * docs/ cannot fall behind what the agent exports: every metric the shop's run sends, and every
   * attribute on its points, is named (in backticks) somewhere in docs/.
   */
  @Test
  void everyMetricAndAttributeTheAgentExportsIsDocumented() throws Exception {
    receiver.awaitMetric("postgresql.table.size", PATIENCE);
    receiver.awaitMetric("querylens.finding.open", PATIENCE);
    String docs = documentation();
    Set<String> undocumented = new TreeSet<>();
    for (Metric metric : receiver.metrics()) {
      if (!docs.contains("`" + metric.getName() + "`")) {
        undocumented.add("metric " + metric.getName());
      }
      for (KeyValue attribute : attributesOf(metric)) {
        if (!docs.contains("`" + attribute.getKey() + "`")) {
          undocumented.add("attribute " + attribute.getKey() + " of " + metric.getName());
        }
      }
    }
    assertThat(undocumented).as("exported by the agent, named nowhere in docs/").isEmpty();
  }

  private static String documentation() throws IOException {
    StringBuilder text = new StringBuilder();
    try (Stream<Path> files = Files.list(Path.of("..", "docs"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".md")).toList()) {
        text.append(Files.readString(file));
      }
    }
    return text.toString();
  }

  private static List<KeyValue> attributesOf(Metric metric) {
    List<KeyValue> attributes = new ArrayList<>();
    metric.getSum().getDataPointsList().forEach(p -> attributes.addAll(p.getAttributesList()));
    metric.getGauge().getDataPointsList().forEach(p -> attributes.addAll(p.getAttributesList()));
    metric
        .getHistogram()
        .getDataPointsList()
        .forEach(p -> attributes.addAll(p.getAttributesList()));
    return attributes;
  }

  /**
   * Prometheus's own OTLP receiver (the deploy stack's path) names the agent's metrics as the
   * agent's Prometheus endpoint does, so what this test scrapes is what the stack stores.
   */
  @Test
  void theStackStoresTheNamesScrapedHere() throws Exception {
    receiver.awaitMetric("postgresql.table.size", PATIENCE);
    // The endpoint shows the latest sample only, and a gauge such as the held locks is absent
    // from a sample that has none: a name counts once any scrape within the patience shows it.
    List<String> differ = List.of();
    Instant deadline = Instant.now().plus(PATIENCE);
    do {
      Scrape scrape = scrape();
      List<String> missing = new ArrayList<>();
      for (Metric metric : receiver.metrics()) {
        for (String name : PrometheusNames.of(metric)) {
          if (!scrape.has(name) && (differ.isEmpty() || differ.contains(line(metric, name)))) {
            missing.add(line(metric, name));
          }
        }
      }
      differ = missing;
      if (!differ.isEmpty()) {
        Thread.sleep(1_000);
      }
    } while (!differ.isEmpty() && Instant.now().isBefore(deadline));
    assertThat(differ).as("names the OTLP translation gives but the endpoint does not").isEmpty();
  }

  private static String line(Metric metric, String name) {
    return metric.getName() + " (" + metric.getUnit() + ") -> " + name;
  }

  private static void assumePrometheus() {
    assumeTrue(
        prometheus != null,
        PrometheusServer.BINARY + " is not installed here (Debian package prometheus; CI has it)");
  }

  /** One line per panel query that returns no series or a NaN, or variable without values. */
  private static List<String> panelFailures() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Path file : DeployFiles.dashboardFiles()) {
      for (DeployFiles.Query query : DashboardQueries.filled(file, prometheus, failures)) {
        List<PrometheusServer.Sample> samples = prometheus.query(query.expr());
        if (samples.isEmpty()) {
          failures.add(query.where() + ": no series for " + query.expr());
        } else if (samples.stream().anyMatch(PrometheusServer.Sample::isNaN)) {
          failures.add(query.where() + ": NaN in " + samples);
        }
      }
    }
    return failures;
  }

  private static String ruleState(String name) throws Exception {
    return prometheus.rules().stream()
        .filter(rule -> rule.path("name").asText().equals(name))
        .map(rule -> rule.path("state").asText())
        .findFirst()
        .orElseThrow();
  }

  /** The first scrape that contains {@code wanted}, or the last one when time is up. */
  private static String awaitScrapeContaining(String wanted) throws Exception {
    Instant deadline = Instant.now().plus(PATIENCE);
    String text = scrapeText();
    while (!text.contains(wanted) && Instant.now().isBefore(deadline)) {
      Thread.sleep(1_000);
      text = scrapeText();
    }
    return text;
  }

  private static Scrape scrape() throws Exception {
    return Scrape.parse(scrapeText());
  }

  private static String scrapeText() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    String text = "";
    try {
      text = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException notYetListening) {
      // the agent opens its endpoint with the SDK, early in the workload's start
    }
    Path dump = Path.of("target", "deploy-scrape.txt");
    Files.createDirectories(dump.getParent());
    Files.writeString(dump, text);
    return text;
  }
}
