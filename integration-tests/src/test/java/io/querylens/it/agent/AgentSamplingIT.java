package io.querylens.it.agent;

import static io.querylens.it.support.OtlpAttributes.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.ShopWorkload;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zero configuration: the agent learns the database from the application's own connection, samples
 * PostgreSQL's statistics on a connection of its own, and exports them with the spans.
 */
class AgentSamplingIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;
  private static ForkedJvm.Result run;

  @BeforeAll
  static void runTheShopWithTheAgent() {
    postgres = EmbeddedPostgresServer.start(18);
    receiver = OtlpReceiver.start();
    run =
        ForkedJvm.main(ShopWorkload.class.getName())
            .sampleAppClasspath()
            .javaagent(ForkedJvm.agentJar())
            .args(postgres.jdbcUrl(), postgres.user(), "sampler-secret-pw", "3000")
            .systemProperties(receiver.exporterSettings(Transport.HTTP))
            .systemProperty("otel.metric.export.interval", "500")
            .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
            // Low enough that the shop's hot query (orders by customer, no index) is slow.
            .systemProperty("otel.instrumentation.querylens.advisor.slow-statement-p95", "1ms")
            // The planning round (EXPLAIN of the costliest statements) every 2 s, not every 10 min.
            .systemProperty("otel.instrumentation.querylens.advisor.planning.interval", "2s")
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
  void tableAndIndexStatisticsArriveTaggedWithTheServer() {
    List<Metric> tableSizes = receiver.awaitMetric("postgresql.table.size", WAIT);
    List<NumberDataPoint> points =
        tableSizes.get(tableSizes.size() - 1).getSum().getDataPointsList();
    assertThat(
            points.isEmpty()
                ? tableSizes.get(tableSizes.size() - 1).getGauge().getDataPointsList()
                : points)
        .anySatisfy(
            point -> {
              assertThat(attr(point, "db.collection.name")).isEqualTo("orders");
              assertThat(attr(point, "server.address")).isEqualTo("127.0.0.1");
              assertThat(point.getAsInt()).isPositive();
            });

    assertThat(receiver.awaitMetric("postgresql.index.scans", WAIT)).isNotEmpty();
    assertThat(receiver.awaitMetric("postgresql.db_size", WAIT)).isNotEmpty();
    assertThat(receiver.awaitMetric("postgresql.commits", WAIT)).isNotEmpty();
  }

  @Test
  void findingsArriveAsEventsAndAsAGaugeOfOpenFindings() {
    List<LogRecord> unused =
        receiver.awaitLogRecords(
            record ->
                record.getEventName().equals("querylens.finding.unused_index")
                    && "customers_country_idx".equals(attr(record, "postgresql.index.name")),
            1,
            WAIT);
    assertThat(attr(unused.get(0), "querylens.finding.action"))
        .isEqualTo("DROP INDEX CONCURRENTLY public.customers_country_idx;");
    assertThat(attr(unused.get(0), "server.address")).isEqualTo("127.0.0.1");

    receiver.awaitLogRecords(
        record ->
            record.getEventName().equals("querylens.finding.duplicate_index")
                && "order_items_order_idx".equals(attr(record, "postgresql.index.name")),
        1,
        WAIT);
    receiver.awaitLogRecords(
        record ->
            record.getEventName().equals("querylens.finding.table_bloat")
                && "carts".equals(attr(record, "db.collection.name")),
        1,
        WAIT);

    List<Metric> gauges = receiver.awaitMetric("querylens.findings", WAIT);
    assertThat(gauges.get(gauges.size() - 1).getGauge().getDataPointsList())
        .anySatisfy(
            point -> {
              assertThat(attr(point, "querylens.finding.kind")).isEqualTo("unused_index");
              assertThat(point.getAsInt()).isPositive();
            });
  }

  @Test
  void theAgentPlansTheStatementsItMeasuredAndFindsTheMissingIndex() {
    // pg_stat_statements is preloaded but not created in this database: the statement planned is
    // the agent's own measurement of the shop's hot query.
    List<LogRecord> missing =
        receiver.awaitLogRecords(
            record ->
                record.getEventName().equals("querylens.finding.missing_index")
                    && "orders".equals(attr(record, "db.collection.name")),
            1,
            WAIT);
    assertThat(attr(missing.get(0), "querylens.finding.action"))
        .contains("ON public.orders (customer_id");
    assertThat(attr(missing.get(0), "querylens.finding.evidence.fingerprint"))
        .matches("[0-9a-f]{16}");
    assertThat(run.stderr())
        .as("HypoPG is not in this PostgreSQL: said once")
        .containsOnlyOnce("HypoPG is");
  }

  @Test
  void eachPlannedShapesGenericPlanArrivesOnceAsAQueryPlanEventNamingTheIndexesItScans() {
    List<LogRecord> plans =
        receiver.awaitLogRecords(
            record ->
                record.getEventName().equals("querylens.query_plan")
                    && record.getBody().getStringValue().contains("customers_pkey"),
            1,
            WAIT);
    LogRecord plan = plans.get(0);

    assertThat(attr(plan, "querylens.query.fingerprint")).matches("[0-9a-f]{16}");
    assertThat(attr(plan, "querylens.plan.hash")).matches("[0-9a-f]{16}");
    assertThat(plan.getAttributesList())
        .anySatisfy(
            a -> {
              assertThat(a.getKey()).isEqualTo("querylens.plan.indexes");
              assertThat(a.getValue().getArrayValue().getValuesList())
                  .extracting(v -> v.getStringValue())
                  .contains("public.customers_pkey");
            });
    String fingerprint = attr(plan, "querylens.query.fingerprint");
    assertThat(
            receiver.logRecords().stream()
                .filter(r -> r.getEventName().equals("querylens.query_plan"))
                .filter(r -> fingerprint.equals(attr(r, "querylens.query.fingerprint"))))
        .as("an unchanged plan is not sent again every round")
        .hasSize(1);
  }

  @Test
  void statementsSlowerThanTheThresholdAsTheApplicationMeasuredThemAreFindings() {
    List<LogRecord> slow =
        receiver.awaitLogRecords(
            record ->
                record.getEventName().equals("querylens.finding.slow_statement")
                    && attr(record, "querylens.finding.evidence.query") != null
                    && attr(record, "querylens.finding.evidence.query")
                        .startsWith("SELECT id, status, total FROM orders WHERE customer_id = ?"),
            1,
            WAIT);

    assertThat(attr(slow.get(0), "querylens.finding.object")).startsWith("fingerprint ");
    assertThat(slow.get(0).getAttributesList())
        .anySatisfy(kv -> assertThat(kv.getKey()).isEqualTo("querylens.finding.evidence.p95_ms"));
  }

  @Test
  void eachFindingIsToldOnceNotEverySample() {
    receiver.awaitMetric("querylens.findings", WAIT);

    assertThat(
            receiver.logRecords().stream()
                .filter(
                    record ->
                        record.getEventName().equals("querylens.finding.unused_index")
                            && "customers_country_idx"
                                .equals(attr(record, "postgresql.index.name")))
                .count())
        .isEqualTo(1);
  }

  @Test
  void theSamplersOwnQueriesAreNotTracedAsTheApplications() {
    receiver.awaitMetric("postgresql.table.size", WAIT);

    assertThat(receiver.spans())
        .isNotEmpty()
        .noneSatisfy(
            span -> assertThat(attr(span, "db.query.text")).containsIgnoringCase("pg_stat"));
    assertThat(receiver.spans())
        .extracting(Span::getName)
        .doesNotContain("SELECT pg_stat_user_tables");
  }

  @Test
  void theApplicationsCredentialsAreNeverExportedOrLogged() {
    receiver.awaitMetric("postgresql.table.size", WAIT);

    String everything = receiver.resourceMetrics().toString() + receiver.resourceSpans().toString();
    assertThat(everything).doesNotContain("sampler-secret-pw");
    assertThat(run.stdout() + run.stderr()).doesNotContain("sampler-secret-pw");
  }
}
