package io.querylens.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentLogTest {

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
