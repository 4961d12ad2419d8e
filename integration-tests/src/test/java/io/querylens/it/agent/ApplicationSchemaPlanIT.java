package io.querylens.it.agent;

import static io.querylens.it.support.OtlpAttributes.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.it.app.PlannedShapesApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An application whose URL names {@code currentSchema=app}, its table only in schema {@code app},
 * and the sampler on a configured URL that names no schema (as a monitoring role's would): the
 * advisor plans the application's unqualified statements in the application's schema, so the shape
 * gets its plan and the missing index is asked for on {@code app.shapes}.
 */
class ApplicationSchemaPlanIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static final String SHAPE =
      SqlFingerprinter.shape(PlannedShapesApp.FLIP_SHAPE).fingerprint().toHex();

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;
  private static ForkedJvm.Started app;

  @BeforeAll
  static void runTheApplicationInItsOwnSchema() throws Exception {
    postgres = EmbeddedPostgresServer.start(17);
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE SCHEMA app");
      sql.execute("CREATE TABLE app.shapes (id bigint PRIMARY KEY, code int, c0 int)");
      sql.execute(
          "INSERT INTO app.shapes SELECT g, g % 5000, g % 7 FROM generate_series(1, 20000) g");
      sql.execute("ANALYZE app.shapes");
    }
    receiver = OtlpReceiver.start();
    app =
        ForkedJvm.main(PlannedShapesApp.class.getName())
            .sampleAppClasspath()
            .javaagent(ForkedJvm.agentJar())
            .args(
                postgres.jdbcUrl() + "?currentSchema=app", postgres.user(), "unused-pw", "1", "240")
            .systemProperties(receiver.exporterSettings(Transport.HTTP))
            .systemProperty(
                "otel.instrumentation.querylens.sampler.url",
                postgres.jdbcUrl() + "?user=" + postgres.user())
            .systemProperty("otel.metric.export.interval", "500")
            .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
            .systemProperty("otel.instrumentation.querylens.advisor.planning.interval", "2s")
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
  void theShapeIsPlannedOnTheTableInTheApplicationsSchema() {
    LogRecord plan =
        receiver
            .awaitLogRecords(
                r ->
                    r.getEventName().equals("querylens.query_plan")
                        && SHAPE.equals(attr(r, "querylens.query.fingerprint")),
                1,
                WAIT)
            .get(0);

    assertThat(plan.getBody().getStringValue())
        .contains("\"Relation Name\": \"shapes\"")
        .contains("\"Schema\": \"app\"");
  }

  @Test
  void theMissingIndexIsAskedForOnTheApplicationsSchemaQualifiedTable() {
    List<LogRecord> missing =
        receiver.awaitLogRecords(
            r ->
                r.getEventName().equals("querylens.finding.missing_index")
                    && SHAPE.equals(attr(r, "querylens.finding.evidence.fingerprint")),
            1,
            WAIT);

    assertThat(attr(missing.get(0), "querylens.finding.object")).startsWith("app.shapes");
    assertThat(attr(missing.get(0), "querylens.finding.action")).contains("ON app.shapes (code");
  }
}
