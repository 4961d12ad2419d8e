package io.querylens.it.hardening;

import static io.querylens.it.hardening.Hardening.agentLines;
import static io.querylens.it.hardening.Hardening.resultLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.app.SampleApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent's own code throws on every statement (a test hook, {@code
 * querylens.test.inject-failure}): the application sees exactly what it sees without the agent, and
 * each failure is counted in {@code querylens.agent.failures} and told in one line.
 */
class AgentFailureIT {

  /** SampleApp's statements on PostgreSQL (AgentTracingIT lists their spans). */
  private static final int STATEMENTS = 12;

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;
  private static List<String> withoutAgent;

  @BeforeAll
  static void startAndRunOnceWithoutTheAgent() {
    postgres = EmbeddedPostgresServer.start(18);
    receiver = OtlpReceiver.start();
    withoutAgent = resultLines(app().run().requireSuccess().stdout());
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

  @ParameterizedTest(name = "thrown at {0}")
  @ValueSource(strings = {"statement-start", "statement-end"})
  void anExceptionInTheAgentIsSwallowedCountedAndToldOnce(String where) {
    receiver.reset();
    ForkedJvm.Result run =
        Hardening.traced(app(), receiver)
            .systemProperty("querylens.test.inject-failure", where)
            .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false")
            .run()
            .requireSuccess();

    assertThat(resultLines(run.stdout())).isEqualTo(withoutAgent).isNotEmpty();
    assertThat(agentLines(run.stderr()))
        .filteredOn(line -> line.contains("internal error"))
        .singleElement()
        .asString()
        .contains("failure injected by querylens.test.inject-failure");
    receiver.awaitLatestExport("querylens.agent.failures", Hardening.WAIT);
    assertThat(Hardening.total(receiver, "querylens.agent.failures", point -> true))
        .isEqualTo(STATEMENTS);
    assertThat(receiver.spans()).as("no span was ended").isEmpty();
  }

  private static ForkedJvm app() {
    return ForkedJvm.main(SampleApp.class.getName())
        .sampleAppClasspath()
        .args(postgres.jdbcUrl(), postgres.user(), "");
  }
}
