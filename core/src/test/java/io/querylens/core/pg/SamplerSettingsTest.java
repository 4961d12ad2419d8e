package io.querylens.core.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SamplerSettingsTest {

  @Test
  void defaultsSampleEveryMinuteWithShortTimeoutsAndBoundedExports() {
    SamplerSettings defaults = SamplerSettings.defaults();

    assertThat(defaults.interval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.statementTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(defaults.lockTimeout()).isEqualTo(Duration.ofMillis(100));
    assertThat(defaults.maxTables()).isEqualTo(200);
    assertThat(defaults.maxIndexes()).isEqualTo(500);
    assertThat(defaults.topStatements()).isEqualTo(50);
    assertThat(defaults.maxQuerySamples()).isEqualTo(50);
    assertThat(defaults.includeSchemas()).isEmpty();
  }

  @Test
  void refusesAZeroIntervalOrANegativeLimit() {
    assertThatThrownBy(() -> SamplerSettings.defaults().withInterval(Duration.ZERO))
        .hasMessageContaining("interval must be positive");
    assertThatThrownBy(() -> SamplerSettings.defaults().withLimits(-1, 10, 10))
        .hasMessageContaining("max tables must be at least 0");
    assertThatThrownBy(() -> SamplerSettings.defaults().withMaxQuerySamples(-1))
        .hasMessageContaining("max query samples must be at least 0");
  }
}
