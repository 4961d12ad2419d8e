package io.querylens.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.querylens.core.config.InvalidSettingException;
import io.querylens.core.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetsTest {

  private static final Settings NO_SETTINGS = new Settings(Map.of(), Map.of());

  @Test
  void withNothingSetOnlyRepeatedShapesAndLargeSequentialScansAreLimited() {
    Budgets budgets = Budgets.fromSettings(key -> Optional.empty(), NO_SETTINGS);

    assertThat(budgets.maxStatements()).isEqualTo(QueryLens.UNLIMITED);
    assertThat(budgets.maxExecutionsPerShape()).isEqualTo(20);
    assertThat(budgets.maxSeqScanRows()).isEqualTo(10_000);
    assertThat(budgets.maxDuration()).isNull();
  }

  @Test
  void aJUnitConfigurationParameterComesBeforeASystemPropertyOrEnvironmentVariable() {
    Settings settings =
        new Settings(
            Map.of(Budgets.MAX_STATEMENTS, "7"),
            Map.of("OTEL_INSTRUMENTATION_QUERYLENS_JUNIT_MAX_STATEMENT_DURATION", "2s"));

    Budgets fromSettings = Budgets.fromSettings(key -> Optional.empty(), settings);
    Budgets fromParameter =
        Budgets.fromSettings(
            key -> Budgets.MAX_STATEMENTS.equals(key) ? Optional.of("9") : Optional.empty(),
            settings);

    assertThat(fromSettings.maxStatements()).isEqualTo(7);
    assertThat(fromSettings.maxDuration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(fromParameter.maxStatements()).isEqualTo(9);
  }

  @Test
  void noneLiftsALimit() {
    Settings settings =
        new Settings(
            Map.of(
                Budgets.MAX_EXECUTIONS_PER_SHAPE, "none", Budgets.MAX_STATEMENT_DURATION, "none"),
            Map.of());

    Budgets budgets = Budgets.fromSettings(key -> Optional.empty(), settings);

    assertThat(budgets.maxExecutionsPerShape()).isEqualTo(QueryLens.UNLIMITED);
    assertThat(budgets.maxDuration()).isNull();
  }

  @Test
  void aMalformedSettingIsNamedWithWhatIsAccepted() {
    Settings settings = new Settings(Map.of(Budgets.MAX_SEQ_SCAN_ROWS, "lots"), Map.of());

    assertThatThrownBy(() -> Budgets.fromSettings(key -> Optional.empty(), settings))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining(Budgets.MAX_SEQ_SCAN_ROWS)
        .hasMessageContaining("lots")
        .hasMessageContaining("none");
  }

  @QueryLens(maxStatements = 4, maxStatementDuration = "250ms")
  private static void budgeted() {}

  @Test
  void anAnnotationOverridesOnlyTheAttributesItSets() throws NoSuchMethodException {
    QueryLens annotation =
        BudgetsTest.class.getDeclaredMethod("budgeted").getAnnotation(QueryLens.class);

    Budgets budgets =
        Budgets.fromSettings(key -> Optional.empty(), NO_SETTINGS).overriddenBy(annotation, "here");

    assertThat(budgets.maxStatements()).isEqualTo(4);
    assertThat(budgets.maxDuration()).isEqualTo(Duration.ofMillis(250));
    assertThat(budgets.maxExecutionsPerShape()).isEqualTo(20);
    assertThat(budgets.maxSeqScanRows()).isEqualTo(10_000);
  }
}
