package io.querylens.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.app.TraceparentInSessionApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request's trace carried into PostgreSQL: with {@code
 * otel.instrumentation.querylens.trace-context.application-name=true}, a session running a traced
 * request's statement shows that request's traceparent as its {@code application_name} in {@code
 * pg_stat_activity}; prepared statements stay prepared once; a statement outside any request runs
 * under the application's own name again. Off by default.
 */
class TraceparentInSessionIT {

  private static final String PGJDBC_DEFAULT_NAME = "PostgreSQL JDBC Driver";

  private static EmbeddedPostgresServer postgres;

  @BeforeAll
  static void startPostgres() {
    postgres = EmbeddedPostgresServer.start(18);
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aRunningStatementShowsItsRequestsTraceparentInPgStatActivity() {
    ForkedJvm.Result result =
        app()
            .systemProperty("otel.instrumentation.querylens.trace-context.application-name", "true")
            .run()
            .requireSuccess();

    String traceparent = line(result, "SLEEPING ").substring("SLEEPING ".length());
    assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(line(result, "SEEN ")).isEqualTo("SEEN " + traceparent);
    assertThat(line(result, "PREPARED ")).isEqualTo("PREPARED 1");
    assertThat(line(result, "OUTSIDE ")).isEqualTo("OUTSIDE " + PGJDBC_DEFAULT_NAME);
    assertThat(result.stderr()).contains("trace-context.application-name=true");
  }

  @Test
  void offByDefaultTheSessionKeepsTheApplicationsOwnName() {
    ForkedJvm.Result result = app().run().requireSuccess();

    assertThat(line(result, "SEEN ")).isEqualTo("SEEN " + PGJDBC_DEFAULT_NAME);
    assertThat(line(result, "PREPARED ")).isEqualTo("PREPARED 1");
  }

  private static String line(ForkedJvm.Result result, String prefix) {
    return result
        .stdout()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix + "in\n" + result));
  }

  private static ForkedJvm app() {
    return ForkedJvm.main(TraceparentInSessionApp.class.getName())
        .sampleAppClasspath()
        .openTelemetrySdkClasspath()
        .javaagent(ForkedJvm.agentJar())
        .args(postgres.jdbcUrl(), postgres.user(), "unused")
        .systemProperty("otel.traces.exporter", "none")
        .systemProperty("otel.metrics.exporter", "none")
        .systemProperty("otel.logs.exporter", "none")
        .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false")
        .timeout(Duration.ofMinutes(2));
  }
}
