package io.querylens.it.agent;

import static io.querylens.it.support.OtlpAttributes.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.logs.v1.LogRecord;
import io.querylens.it.app.TwoServersApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpAttributes;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One application, two PostgreSQL servers (databases {@code postgres} and {@code inventory}), the
 * agent sampling both: a slow statement the agent measured is one finding of the application,
 * published once, not once per sampled server, and names the database it ran on (or, having run on
 * both, lists them).
 */
class TwoServersFindingsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static EmbeddedPostgresServer first;
  private static EmbeddedPostgresServer second;
  private static OtlpReceiver receiver;

  @BeforeAll
  static void runOneApplicationOnTwoServers() throws Exception {
    first = EmbeddedPostgresServer.start(17);
    second = EmbeddedPostgresServer.start(17);
    try (Connection connection = second.connect();
        Statement sql = connection.createStatement()) {
      sql.execute("CREATE DATABASE inventory");
    }
    receiver = OtlpReceiver.start();
    ForkedJvm.main(TwoServersApp.class.getName())
        .sampleAppClasspath()
        .javaagent(ForkedJvm.agentJar())
        .args(
            first.jdbcUrl(), second.jdbcUrl("inventory"), first.user(), "unused-pw", "3000", "8000")
        .systemProperties(receiver.exporterSettings(Transport.HTTP))
        .systemProperty("otel.metric.export.interval", "500")
        .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
        .systemProperty("otel.instrumentation.querylens.advisor.slow-statement-p95", "1ms")
        .timeout(Duration.ofMinutes(3))
        .run()
        .requireSuccess();
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (second != null) {
      second.close();
    }
    if (first != null) {
      first.close();
    }
  }

  @Test
  void bothServersWereSampled() {
    receiver.awaitMetric("postgresql.db_size", WAIT);

    Set<Long> ports =
        receiver.metrics("postgresql.db_size").stream()
            .flatMap(
                metric ->
                    (metric.getSum().getDataPointsCount() > 0
                            ? metric.getSum().getDataPointsList()
                            : metric.getGauge().getDataPointsList())
                        .stream())
            .map(point -> OtlpAttributes.integer(point.getAttributesList(), "server.port"))
            .collect(Collectors.toSet());
    assertThat(ports).contains((long) first.port(), (long) second.port());
  }

  @Test
  void theAgentsOwnSlowStatementIsPublishedOnceWithoutAServerListingBothDatabases() {
    receiver.awaitLogRecords(r -> agentMeasuredSlowStatement(r, "SELECT pg_sleep(?)"), 1, WAIT);

    List<LogRecord> told =
        receiver.logRecords().stream()
            .filter(r -> agentMeasuredSlowStatement(r, "SELECT pg_sleep(?)"))
            .toList();
    assertThat(told).hasSize(1);
    assertThat(attr(told.get(0), "server.address")).isNull();
    assertThat(attr(told.get(0), "db.namespace")).as("it ran on both").isNull();
    assertThat(attr(told.get(0), "querylens.finding.evidence.databases").split(", "))
        .containsExactlyInAnyOrder("postgres", "inventory");
  }

  @Test
  void aSlowStatementThatRanOnOneDatabaseNamesIt() {
    receiver.awaitLogRecords(r -> agentMeasuredSlowStatement(r, "SELECT pg_sleep(?), ?"), 1, WAIT);

    List<LogRecord> told =
        receiver.logRecords().stream()
            .filter(r -> agentMeasuredSlowStatement(r, "SELECT pg_sleep(?), ?"))
            .toList();
    assertThat(told).hasSize(1);
    assertThat(attr(told.get(0), "server.address")).isNull();
    assertThat(attr(told.get(0), "db.namespace")).isEqualTo("inventory");
    assertThat(attr(told.get(0), "querylens.finding.evidence.databases")).isNull();
  }

  /** The agent's own (not pg_stat_statements') finding on {@code query}: it has a p95. */
  private static boolean agentMeasuredSlowStatement(LogRecord record, String query) {
    return record.getEventName().equals("querylens.finding.slow_statement")
        && query.equals(attr(record, "querylens.finding.evidence.query"))
        && record.getAttributesList().stream()
            .anyMatch(kv -> kv.getKey().equals("querylens.finding.evidence.p95_ms"));
  }
}
