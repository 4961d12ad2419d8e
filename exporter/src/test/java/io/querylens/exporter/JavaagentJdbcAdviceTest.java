package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JavaagentJdbcAdviceTest {

  @Test
  void theAgentsJdbcInstrumentationLeftOnByDefaultIsToldWithTheSettingThatTurnsItOff() {
    assertThat(JavaagentJdbcAdvice.adviceFor(new Settings(Map.of(), Map.of())))
        .contains("-Dotel.instrumentation.jdbc.enabled=false")
        .contains("OTEL_INSTRUMENTATION_JDBC_ENABLED=false");
  }

  @Test
  void turnedOffByPropertyOrEnvironmentNothingIsTold() {
    assertThat(
            JavaagentJdbcAdvice.adviceFor(
                new Settings(Map.of("otel.instrumentation.jdbc.enabled", "false"), Map.of())))
        .isNull();
    assertThat(
            JavaagentJdbcAdvice.adviceFor(
                new Settings(Map.of(), Map.of("OTEL_INSTRUMENTATION_JDBC_ENABLED", "FALSE"))))
        .isNull();
  }

  @Test
  void everyInstrumentationOffByDefaultIsOffUnlessJdbcIsTurnedBackOn() {
    Map<String, String> allOff = Map.of("otel.instrumentation.common.default-enabled", "false");
    assertThat(JavaagentJdbcAdvice.adviceFor(new Settings(allOff, Map.of()))).isNull();
    assertThat(
            JavaagentJdbcAdvice.adviceFor(
                new Settings(
                    Map.of(
                        "otel.instrumentation.common.default-enabled",
                        "false",
                        "otel.instrumentation.jdbc.enabled",
                        "true"),
                    Map.of())))
        .isNotNull();
  }
}
