package io.querylens.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

  private static final String INTERVAL = "otel.instrumentation.querylens.sampler.interval";

  @Test
  void systemPropertyWinsOverEnvironmentWhichWinsOverDefault() {
    Map<String, String> env = Map.of("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_INTERVAL", "20s");

    assertThat(new Settings(Map.of(INTERVAL, "10s"), env).getDuration(INTERVAL, Duration.ZERO))
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(new Settings(Map.of(), env).getDuration(INTERVAL, Duration.ZERO))
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(new Settings(Map.of(), Map.of()).getDuration(INTERVAL, Duration.ofMinutes(1)))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void durationsAcceptTheOpenTelemetryUnitsAndBareMilliseconds() {
    Settings settings =
        new Settings(Map.of("a", "500ms", "b", "2m", "c", "1500", "d", "1h"), Map.of());

    assertThat(settings.getDuration("a", null)).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.getDuration("b", null)).isEqualTo(Duration.ofMinutes(2));
    assertThat(settings.getDuration("c", null)).isEqualTo(Duration.ofMillis(1500));
    assertThat(settings.getDuration("d", null)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void malformedValuesFailWithTheKeyAndWhatIsAccepted() {
    Settings settings =
        new Settings(
            Map.of(INTERVAL, "-5s", "enabled", "yes", "n", "12x", "exporter", "kafka"), Map.of());

    assertThatThrownBy(() -> settings.getDuration(INTERVAL, null))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage(
            "invalid value '-5s' for "
                + INTERVAL
                + ": expected a positive duration such as 500ms,"
                + " 10s, 2m or 1h");
    assertThatThrownBy(() -> settings.getBoolean("enabled", true))
        .hasMessageContaining("enabled")
        .hasMessageContaining("true or false");
    assertThatThrownBy(() -> settings.getInt("n", 1, 1, 10))
        .hasMessageContaining("a whole number from 1 to 10");
    assertThatThrownBy(() -> settings.getChoice("exporter", "otlp", "otlp", "none"))
        .hasMessageContaining("one of otlp, none");
  }

  @Test
  void environmentNamesFollowTheOpenTelemetryRule() {
    assertThat(Settings.environmentName("otel.instrumentation.querylens.max-tables"))
        .isEqualTo("OTEL_INSTRUMENTATION_QUERYLENS_MAX_TABLES");
  }

  @Test
  void blankValuesCountAsUnset() {
    assertThat(new Settings(Map.of("k", "  "), Map.of()).getString("k", "default"))
        .isEqualTo("default");
  }

  @Test
  void numbersMustBeAboveTheirLowerBound() {
    Settings settings = new Settings(Map.of("f", "2.5", "g", "1", "h", "x"), Map.of());

    assertThat(settings.getDouble("f", 2.0, 1.0)).isEqualTo(2.5);
    assertThat(settings.getDouble("unset", 2.0, 1.0)).isEqualTo(2.0);
    assertThatThrownBy(() -> settings.getDouble("g", 2.0, 1.0))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("a number above 1.0");
    assertThatThrownBy(() -> settings.getDouble("h", 2.0, 1.0))
        .isInstanceOf(InvalidSettingException.class);
  }
}
