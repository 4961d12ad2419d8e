package io.querylens.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.config.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplerConfigurationTest {

  private static final String KEY = "otel.instrumentation.querylens.sampler.max-query-samples";

  @Test
  void querySamplesPerSampleDefaultTo50() {
    assertThat(
            SamplerConfiguration.read(new Settings(Map.of(), Map.of())).settings.maxQuerySamples())
        .isEqualTo(50);
  }

  @Test
  void querySamplesPerSampleAreASettingAndZeroTurnsThemOff() {
    assertThat(
            SamplerConfiguration.read(new Settings(Map.of(KEY, "5"), Map.of()))
                .settings
                .maxQuerySamples())
        .isEqualTo(5);
    assertThat(
            SamplerConfiguration.read(
                    new Settings(
                        Map.of(),
                        Map.of("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_MAX_QUERY_SAMPLES", "0")))
                .settings
                .maxQuerySamples())
        .isZero();
  }

  @Test
  void aMalformedOrNegativeValueKeepsTheDefault() {
    assertThat(
            SamplerConfiguration.read(new Settings(Map.of(KEY, "lots"), Map.of()))
                .settings
                .maxQuerySamples())
        .isEqualTo(50);
    assertThat(
            SamplerConfiguration.read(new Settings(Map.of(KEY, "-1"), Map.of()))
                .settings
                .maxQuerySamples())
        .isEqualTo(50);
  }
}
