package io.querylens.it.agent;

import static io.querylens.it.support.OtlpAttributes.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.it.app.PlannedShapesApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpAttributes;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The slow plan refresh under the agent, on a real PostgreSQL: an application runs more statement
 * shapes than the planning round's costliest ten, and every one of them gets its generic plan
 * (exported as a {@code querylens.query_plan} event); then the test creates the index one shape's
 * planner has been waiting for, and the next refresh of that shape reports the flip once: one
 * {@code plan_change} finding and one new plan event with the new hash, while the plans nothing
 * changed bring no finding. The planning round itself is held off (every hour), so what is planned
 * here is the refresh's work.
 */
class PlanRefreshIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  /** More than the planning round's ten costliest. */
  private static final int SHAPES = 12;

  /**
   * Long enough for every shape to be planned again at least twice: 13 shapes, 5 each sample (1 s),
   * each plan standing 2 s.
   */
  private static final Duration SEVERAL_REFRESHES = Duration.ofSeconds(8);

  private static final String FLIP = fingerprint(PlannedShapesApp.FLIP_SHAPE);

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;
  private static ForkedJvm.Started app;

  @BeforeAll
  static void runManyShapesUnderTheAgent() throws Exception {
    postgres = EmbeddedPostgresServer.start(17);
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      StringBuilder columns = new StringBuilder();
      StringBuilder values = new StringBuilder();
      for (int i = 0; i < SHAPES; i++) {
        columns.append(", c").append(i).append(" int");
        values.append(", g % ").append(i + 7);
      }
      sql.execute("CREATE TABLE shapes (id bigint PRIMARY KEY, code int" + columns + ")");
      sql.execute(
          "INSERT INTO shapes SELECT g, g % 5000" + values + " FROM generate_series(1, 20000) g");
      sql.execute("ANALYZE shapes");
    }
    receiver = OtlpReceiver.start();
    app =
        ForkedJvm.main(PlannedShapesApp.class.getName())
            .sampleAppClasspath()
            .javaagent(ForkedJvm.agentJar())
            .args(postgres.jdbcUrl(), postgres.user(), "unused-pw", Integer.toString(SHAPES), "240")
            .systemProperties(receiver.exporterSettings(Transport.HTTP))
            .systemProperty("otel.metric.export.interval", "500")
            .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
            .systemProperty("otel.instrumentation.querylens.advisor.planning.interval", "1h")
            .systemProperty("otel.instrumentation.querylens.advisor.planning.refresh-shapes", "5")
            .systemProperty(
                "otel.instrumentation.querylens.advisor.planning.refresh-interval", "2s")
            .timeout(Duration.ofMinutes(5))
            .start();
    app.awaitOutput("RAN", WAIT);
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everyShapeTheApplicationRanGetsItsPlanNotOnlyTheCostliestTen() {
    Set<String> expected = new HashSet<>();
    expected.add(FLIP);
    for (int i = 0; i < SHAPES; i++) {
      expected.add(fingerprint(PlannedShapesApp.shape(i)));
    }

    receiver.awaitLogRecords(
        record -> isPlan(record) && expected.contains(fingerprintOf(record)),
        expected.size(),
        WAIT);

    Set<String> planned = new HashSet<>();
    receiver.logRecords().stream()
        .filter(PlanRefreshIT::isPlan)
        .forEach(r -> planned.add(fingerprintOf(r)));
    assertThat(planned).containsAll(expected);
  }

  @Test
  void theGaugeCountsEveryShapePlannedAndNoneLeftWaiting() {
    receiver.awaitMetrics(
        metric -> shapesIn(metric, "planned") >= SHAPES + 1 && shapesIn(metric, "waiting") == 0,
        1,
        WAIT);
  }

  @Test
  void aPlanFlippedByANewIndexIsOnePlanChangeAndOneNewPlanAndNothingElseChanges() throws Exception {
    LogRecord first =
        receiver.awaitLogRecords(r -> isPlan(r) && FLIP.equals(fingerprintOf(r)), 1, WAIT).get(0);
    Thread.sleep(SEVERAL_REFRESHES.toMillis());
    assertThat(planChanges()).as("plans refreshed without any change").isEmpty();

    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE INDEX shapes_code ON shapes (code)");
      sql.execute("ANALYZE shapes");
    }
    receiver.awaitLogRecords(r -> isPlanChange(r) && FLIP.equals(changedFingerprint(r)), 1, WAIT);
    Thread.sleep(SEVERAL_REFRESHES.toMillis());

    List<LogRecord> changes = planChanges();
    List<LogRecord> plans =
        receiver.logRecords().stream()
            .filter(r -> isPlan(r) && FLIP.equals(fingerprintOf(r)))
            .toList();
    assertThat(changes).as("one finding for the one flip, none for the other shapes").hasSize(1);
    assertThat(plans).as("the first plan and the flipped one, each once").hasSize(2);
    LogRecord flipped = plans.get(1);
    String before = attr(first, "querylens.plan.hash");
    String after = attr(flipped, "querylens.plan.hash");
    assertThat(after).isNotEqualTo(before);
    assertThat(indexesOf(first)).isEmpty();
    assertThat(indexesOf(flipped)).containsExactly("public.shapes_code");
    assertThat(attr(changes.get(0), "querylens.finding.evidence.plan_hash_before"))
        .isEqualTo(before);
    assertThat(attr(changes.get(0), "querylens.finding.evidence.plan_hash_after")).isEqualTo(after);
    assertThat(attr(changes.get(0), "querylens.finding.evidence.indexes_after"))
        .isEqualTo("public.shapes_code");
  }

  private static String fingerprint(String sql) {
    return SqlFingerprinter.shape(sql).fingerprint().toHex();
  }

  private static boolean isPlan(LogRecord record) {
    return record.getEventName().equals("querylens.query_plan");
  }

  private static boolean isPlanChange(LogRecord record) {
    return record.getEventName().equals("querylens.finding.plan_change");
  }

  private static List<LogRecord> planChanges() {
    return receiver.logRecords().stream().filter(PlanRefreshIT::isPlanChange).toList();
  }

  private static String fingerprintOf(LogRecord plan) {
    return attr(plan, "querylens.query.fingerprint");
  }

  private static String changedFingerprint(LogRecord change) {
    return attr(change, "querylens.finding.evidence.fingerprint");
  }

  private static List<String> indexesOf(LogRecord plan) {
    AnyValue indexes = OtlpAttributes.value(plan.getAttributesList(), "querylens.plan.indexes");
    return indexes == null
        ? List.of()
        : indexes.getArrayValue().getValuesList().stream().map(AnyValue::getStringValue).toList();
  }

  /** The latest point of {@code querylens.plans.shapes} with {@code state}, or -1. */
  private static long shapesIn(Metric metric, String state) {
    if (!metric.getName().equals("querylens.plans.shapes")) {
      return -1;
    }
    for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
      if (state.equals(attr(point, "state"))) {
        return point.getAsInt();
      }
    }
    return -1;
  }
}
