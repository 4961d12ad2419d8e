package io.querylens.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentLogTest {

  private final ByteArrayOutputStream written = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    AgentLog.forgetAll();
    AgentLog.redirect(System.err);
  }

  @Test
  void warningsKeyedByWhatTheApplicationChoseStayBoundedAndSayWhenTheyStop() {
    AgentLog.redirect(new PrintStream(written, true, StandardCharsets.UTF_8));

    for (int i = 0; i < 3 * AgentLog.MAX_TOLD_KEYS; i++) {
      AgentLog.warnOnce("class:" + i, "could not instrument class " + i);
      AgentLog.warnOnce("class:" + i, "could not instrument class " + i);
    }

    String[] lines = written.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines.length).isLessThanOrEqualTo(AgentLog.MAX_TOLD_KEYS + 1);
    assertThat(lines[lines.length - 1]).contains("further ones are not told");
  }

  @Test
  void debugIsReadFromTheEnvironmentLikeEverySetting() {
    Settings environmentOnly =
        new Settings(Map.of(), Map.of("OTEL_INSTRUMENTATION_QUERYLENS_DEBUG", "true"));

    assertThat(AgentLog.debugOn(environmentOnly)).isTrue();
  }

  @Test
  void theSystemPropertyWinsOverTheEnvironment() {
    Settings both =
        new Settings(
            Map.of("otel.instrumentation.querylens.debug", "false"),
            Map.of("OTEL_INSTRUMENTATION_QUERYLENS_DEBUG", "true"));

    assertThat(AgentLog.debugOn(both)).isFalse();
  }

  @Test
  void debugIsOffUnlessSetAndAnythingButTrueIsOff() {
    assertThat(AgentLog.debugOn(new Settings(Map.of(), Map.of()))).isFalse();
    assertThat(
            AgentLog.debugOn(
                new Settings(Map.of("otel.instrumentation.querylens.debug", "yes"), Map.of())))
        .isFalse();
  }
}
