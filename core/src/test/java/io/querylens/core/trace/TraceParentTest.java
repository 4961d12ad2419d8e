package io.querylens.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";
  private static final String VALUE = "00-" + TRACE + "-" + SPAN + "-01";

  @Test
  void anApplicationNameThatIsOnlyATraceparentGivesItsIdsAndFlags() {
    TraceParent parsed = TraceParent.find(VALUE);

    assertThat(parsed).isEqualTo(new TraceParent(TRACE, SPAN, 1));
    assertThat(parsed.sampled()).isTrue();
    assertThat(parsed.toString()).isEqualTo(VALUE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "myapp " + VALUE,
        "traceparent=" + VALUE,
        "myapp traceparent=" + VALUE + " more",
        "orders:" + VALUE,
        "'" + VALUE + "'",
        "junk-00-zz " + VALUE
      })
  void aTraceparentAfterAPrefixOrAmongOtherWordsIsFound(String text) {
    assertThat(TraceParent.find(text)).isEqualTo(new TraceParent(TRACE, SPAN, 1));
  }

  @Test
  void upperCaseHexIsAcceptedAndGivenBackLowerCase() {
    assertThat(TraceParent.find(VALUE.toUpperCase(java.util.Locale.ROOT)))
        .isEqualTo(new TraceParent(TRACE, SPAN, 1));
  }

  @Test
  void aTraceparentCutAfterItsSpanIdKeepsItsIdsAndCountsAsNotSampled() {
    String cut = "app " + "00-" + TRACE + "-" + SPAN;

    assertThat(TraceParent.find(cut)).isEqualTo(new TraceParent(TRACE, SPAN, 0));
    assertThat(TraceParent.find(cut + "-")).isEqualTo(new TraceParent(TRACE, SPAN, 0));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "myapp",
        "ff-" + TRACE + "-" + SPAN + "-01",
        "00-00000000000000000000000000000000-" + SPAN + "-01",
        "00-" + TRACE + "-0000000000000000-01",
        "00-4bf92f3577b34da6a3ce929d0e0e473g-" + SPAN + "-01",
        "00-" + TRACE + "-" + SPAN + "-0",
        "00-" + TRACE + "-" + SPAN + "-01abc",
        "x00-" + TRACE + "-" + SPAN + "-01",
        "00_" + TRACE + "-" + SPAN + "-01",
        "00-" + TRACE + "_" + SPAN + "-01"
      })
  void whatTheSpecificationCallsInvalidOrWhatIsPartOfALongerTokenIsNoTraceparent(String text) {
    assertThat(TraceParent.find(text)).isNull();
  }

  @Test
  void aLaterVersionMayCarryMoreFieldsAfterTheFlags() {
    assertThat(TraceParent.find("01-" + TRACE + "-" + SPAN + "-01-abcd"))
        .isEqualTo(new TraceParent(TRACE, SPAN, 1));
  }

  @Test
  void nullTextHasNoTraceparent() {
    assertThat(TraceParent.find(null)).isNull();
    assertThat(TraceParent.inTrailingComment(null)).isNull();
  }

  @Test
  void aTrailingSqlcommenterCommentGivesItsTraceparent() {
    assertThat(
            TraceParent.inTrailingComment(
                "UPDATE accounts SET balance = balance - 1 WHERE id = 7"
                    + " /*action='pay',traceparent='"
                    + VALUE
                    + "',framework='spring'*/"))
        .isEqualTo(new TraceParent(TRACE, SPAN, 1));
    assertThat(TraceParent.inTrailingComment("SELECT 1 /*traceparent='" + VALUE + "'*/ ;\n"))
        .isEqualTo(new TraceParent(TRACE, SPAN, 1));
  }

  @Test
  void aCommentThatIsNotAtTheEndOrHoldsNoTraceparentGivesNone() {
    assertThat(TraceParent.inTrailingComment("SELECT /*traceparent='" + VALUE + "'*/ 1")).isNull();
    assertThat(TraceParent.inTrailingComment("SELECT 1 /*action='pay'*/")).isNull();
    assertThat(TraceParent.inTrailingComment("SELECT 1")).isNull();
    assertThat(TraceParent.inTrailingComment("*/")).isNull();
  }
}
