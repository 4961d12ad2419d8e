package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GenericPlanTest {

  @Test
  void aConditionsParametersAreRenumberedFromOneInOrderOfFirstUse() {
    assertThat(GenericPlan.renumberedParameters("((e.a = $3) AND (e.b = $12) AND (e.c > $3))"))
        .isEqualTo("((e.a = $1) AND (e.b = $2) AND (e.c > $1))");
  }

  @Test
  void dollarsInsideQuotesAreLeftAlone() {
    assertThat(GenericPlan.renumberedParameters("(e.\"$5\" = $4) AND (e.t = '$9')"))
        .isEqualTo("(e.\"$5\" = $1) AND (e.t = '$9')");
  }

  @Test
  void theParametersAPreparedTextTakesAreItsHighestNumber() {
    assertThat(GenericPlan.parameters("SELECT 1 WHERE a = $2 AND b = $10")).isEqualTo(10);
  }
}
