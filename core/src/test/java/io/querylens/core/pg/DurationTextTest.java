package io.querylens.core.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

  @ParameterizedTest(name = "{0} is {1} ms")
  @CsvSource({
    "10s, 10000",
    "500ms, 500",
    "2m, 120000",
    "1h, 3600000",
    "1d, 86400000",
    "250, 250",
    "' 3s ', 3000"
  })
  void readsAWholeNumberWithAnOptionalUnit(String text, long millis) {
    assertThat(DurationText.parse("k", text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest(name = "''{0}'' is refused")
  @ValueSource(strings = {"", "s", "ten seconds", "1.5s", "-1s", "10 sec", "10S"})
  void refusesAnythingElseNamingTheKeyAndTheAcceptedForms(String text) {
    assertThatThrownBy(
            () -> DurationText.parse("otel.instrumentation.querylens.sampler.interval", text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otel.instrumentation.querylens.sampler.interval")
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("500ms, 10s, 2m");
  }
}
