package io.querylens.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.config.Settings;
import io.querylens.core.insight.Thresholds;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdSettingsTest {

  @Test
  void withNothingSetTheThresholdsAreTheDefaults() {
    assertThat(ThresholdSettings.read(new Settings(Map.of(), Map.of())))
        .isEqualTo(Thresholds.defaults());
  }

  @Test
  void eachThresholdIsASettingOfItsOwnFromPropertiesOrEnvironment() {
    Settings settings =
        new Settings(
            Map.of(
                "otel.instrumentation.querylens.advisor.bloat-warning", "0.3",
                "otel.instrumentation.querylens.advisor.long-transaction", "2m",
                "otel.instrumentation.querylens.advisor.unused-index-min-age", "30d"),
            Map.of("OTEL_INSTRUMENTATION_QUERYLENS_ADVISOR_CONNECTIONS_WARNING", "0.9"));

    Thresholds thresholds = ThresholdSettings.read(settings);

    assertThat(thresholds.deadTupleWarning()).isEqualTo(0.3);
    assertThat(thresholds.longTransaction()).isEqualTo(Duration.ofMinutes(2));
    assertThat(thresholds.unusedIndexMinAge()).isEqualTo(Duration.ofDays(30));
    assertThat(thresholds.connectionsWarning()).isEqualTo(0.9);
    assertThat(thresholds.cacheHitWarning()).isEqualTo(Thresholds.defaults().cacheHitWarning());
  }

  @Test
  void aMalformedThresholdFallsBackToItsDefault() {
    Settings settings =
        new Settings(
            Map.of("otel.instrumentation.querylens.advisor.cache-min-blocks", "many"), Map.of());

    assertThat(ThresholdSettings.read(settings).cacheMinBlocks())
        .isEqualTo(Thresholds.defaults().cacheMinBlocks());
  }
}
