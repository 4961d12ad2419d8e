package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExporterChoicesTest {

  @Test
  void anUnknownExporterIsExplainedWithTheAcceptedOnes() {
    assertThat(ExporterChoices.explain("Unrecognized value for otel.traces.exporter: foo"))
        .isEqualTo(
            "Unrecognized value for otel.traces.exporter: foo"
                + " (accepted: otlp, console, logging-otlp, none)");
  }

  @Test
  void aMessageNamingNoChoiceSettingIsLeftAsItIs() {
    assertThat(ExporterChoices.explain("Invalid endpoint, must be a URL: nope"))
        .isEqualTo("Invalid endpoint, must be a URL: nope");
    assertThat(ExporterChoices.explain(null)).isEmpty();
  }
}
