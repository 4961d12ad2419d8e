package io.querylens.it.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.junit.QueryLensExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JUnit extension in agent mode: a test run (the JUnit Platform, in a JVM started with
 * -javaagent) over a test class with plain JDBC, whose statements only the agent sees. The
 * extension reaches them through the agent's bootstrap facade and fails the N+1 test.
 */
class JUnitExtensionAgentModeIT {

  private static final String PREFIX = "otel.instrumentation.querylens.";

  private static EmbeddedPostgresServer postgres;
  private static ForkedJvm.Result run;

  @TempDir static Path reports;

  @BeforeAll
  static void runTheSampleTestsWithTheAgent() throws Exception {
    postgres = EmbeddedPostgresServer.start(17);
    try (Connection connection = postgres.connect();
        Statement sql = connection.createStatement()) {
      sql.execute(
          "CREATE TABLE customers (id int PRIMARY KEY);"
              + "CREATE TABLE orders (id serial PRIMARY KEY, customer_id int NOT NULL,"
              + " total numeric NOT NULL);"
              + "CREATE INDEX orders_customer ON orders (customer_id);"
              + "CREATE TABLE events (id int PRIMARY KEY, kind text NOT NULL);"
              + "INSERT INTO customers SELECT generate_series(1, 30);"
              + "INSERT INTO orders (customer_id, total) SELECT c, 10 FROM generate_series(1, 30) c,"
              + " generate_series(1, 3);"
              + "INSERT INTO events SELECT g, 'kind ' || (g % 100) FROM generate_series(1, 100000) g;"
              + "ANALYZE customers; ANALYZE orders; ANALYZE events");
    }
    run =
        ForkedJvm.main(JUnitPlatformMain.class.getName())
            .javaagent(ForkedJvm.agentJar())
            .classpathOf(JUnitPlatformMain.class)
            .classpathOf(org.junit.platform.launcher.core.LauncherFactory.class)
            .classpathOf(org.junit.platform.engine.TestEngine.class)
            .classpathOf(org.junit.platform.commons.support.AnnotationSupport.class)
            .classpathOf(org.junit.jupiter.engine.JupiterTestEngine.class)
            .classpathOf(org.junit.jupiter.api.Test.class)
            .classpathOf(org.opentest4j.AssertionFailedError.class)
            .classpathOf(QueryLensExtension.class)
            .classpathOf(io.querylens.core.config.Settings.class)
            .classpathOf(org.postgresql.Driver.class)
            .systemProperty("sample.jdbc.url", postgres.jdbcUrl())
            .systemProperty("otel.traces.exporter", "none")
            .systemProperty("otel.metrics.exporter", "none")
            .systemProperty("otel.logs.exporter", "none")
            .systemProperty(PREFIX + "junit.report-dir", reports.toString())
            .args(AgentModeOrdersSample.class.getName())
            .timeout(Duration.ofMinutes(2))
            .run()
            .requireSuccess();
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theNPlusOneTestFailsNamingTheShapeAndItsCount() {
    assertThat(outcomeOf("loadsEachCustomersOrdersOneQueryPerCustomer()"))
        .startsWith("FAILED")
        .contains("maxExecutionsPerShape = 10")
        .contains("\"SELECT orders\" ran 30 times in this test")
        .contains("SELECT total FROM orders WHERE customer_id = ?")
        .contains("N+1");
  }

  @Test
  void theJoinedVersionPasses() {
    assertThat(outcomeOf("loadsEveryCustomersOrdersWithAJoin()")).isEqualTo("PASSED");
  }

  @Test
  void aLargeSequentialScanIsPlannedThroughTheAgentAndFailsItsTest() {
    assertThat(outcomeOf("findsEventsOfOneKind()"))
        .startsWith("FAILED")
        .contains("maxSeqScanRows = 10000")
        .contains("Seq Scan on public.events (rows=100000)");
  }

  @Test
  void theAdvisorsMissingIndexRoundRunsThroughTheAgentToo() {
    assertThat(outcomeOf("findsEventsOfAnotherKindWithNoIndexWanted()"))
        .startsWith("FAILED")
        .contains("maxMissingIndexes = 0")
        .contains("CREATE INDEX")
        .contains("ON public.events (kind)");
  }

  @Test
  void theReportSaysTheStatementsWereReadThroughTheAgent() throws Exception {
    String json = Files.readString(reports.resolve("querylens-junit.json"));

    assertThat(json)
        .contains("\"mode\":\"agent\"")
        .contains("\"test\":\"AgentModeOrdersSample.loadsEveryCustomersOrdersWithAJoin()\"");
  }

  /** "PASSED", or "FAILED" and the failure's message. */
  private static String outcomeOf(String test) {
    String stdout = run.stdout();
    String marker = "RESULT " + test + " ";
    int at = stdout.indexOf(marker);
    assertThat(at).as("a result for %s in:\n%s", test, run).isNotNegative();
    String rest = stdout.substring(at + marker.length());
    if (rest.startsWith("PASSED")) {
      return "PASSED";
    }
    return rest.substring(0, rest.indexOf("\nEND"));
  }
}
