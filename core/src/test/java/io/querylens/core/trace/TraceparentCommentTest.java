package io.querylens.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.sql.StatementShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceparentCommentTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";
  private static final String VALUE = "00-" + TRACE + "-" + SPAN + "-01";

  @Test
  void aStatementGetsTheTraceparentInATrailingSqlcommenterComment() {
    String sent = TraceparentComment.appendedTo("SELECT pg_sleep(1)", TRACE, SPAN, true);

    assertThat(sent).isEqualTo("SELECT pg_sleep(1) /*traceparent='" + VALUE + "'*/");
    assertThat(sent).hasSize("SELECT pg_sleep(1)".length() + TraceparentComment.LENGTH);
  }

  @Test
  void anUnsampledContextIsCarriedWithItsFlags() {
    assertThat(
            TraceParent.inTrailingComment(
                TraceparentComment.appendedTo("SELECT 1", TRACE, SPAN, false)))
        .isEqualTo(new TraceParent(TRACE, SPAN, 0));
  }

  @Test
  void whatTheSamplerReadsBackIsTheTraceparentWritten() {
    String sent =
        TraceparentComment.appendedTo("UPDATE t SET a = 1 WHERE id = 2\n", TRACE, SPAN, true);

    assertThat(TraceParent.inTrailingComment(sent)).isEqualTo(new TraceParent(TRACE, SPAN, 1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 1 /*traceparent='00-11111111111111111111111111111111-2222222222222222-01'*/",
        "SELECT 1 /*action='pay',TRACEPARENT='00-x'*/  ",
        "SELECT 1;",
        "SELECT 1; SELECT 2 ;\n",
        "",
        "   "
      })
  void aTextThatAlreadyNamesATraceOrEndsWithASemicolonOrIsEmptyGoesAsItIs(String sql) {
    assertThat(TraceparentComment.appendedTo(sql, TRACE, SPAN, true)).isSameAs(sql);
  }

  @Test
  void aTrailingCommentWithoutATraceparentGetsOneAfterIt() {
    String sql = "SELECT 1 /*action='pay'*/";

    assertThat(TraceparentComment.appendedTo(sql, TRACE, SPAN, true))
        .isEqualTo(sql + " /*traceparent='" + VALUE + "'*/");
  }

  @Test
  void noTraceOrIdsOfTheWrongLengthOrNoTextMeanNoComment() {
    assertThat(TraceparentComment.appendedTo("SELECT 1", null, null, true)).isEqualTo("SELECT 1");
    assertThat(TraceparentComment.appendedTo("SELECT 1", "4bf9", SPAN, true)).isEqualTo("SELECT 1");
    assertThat(TraceparentComment.appendedTo(null, TRACE, SPAN, true)).isNull();
  }

  @Test
  void theFingerprintSummaryAndTablesIgnoreTheComment() {
    String sql = "SELECT name FROM customers WHERE id = 42";
    StatementShape plain = SqlFingerprinter.shape(sql);
    StatementShape commented =
        SqlFingerprinter.shape(TraceparentComment.appendedTo(sql, TRACE, SPAN, true));

    assertThat(commented.fingerprint()).isEqualTo(plain.fingerprint());
    assertThat(commented.summary()).isEqualTo(plain.summary());
    assertThat(commented.normalizedText()).isEqualTo(plain.normalizedText());
    assertThat(commented.sanitizedText()).doesNotContain("traceparent");
  }

  @Test
  void removingGivesBackTheApplicationsTextAndLeavesOtherTextsAlone() {
    String sql = "INSERT INTO t VALUES (1)";
    String foreign = sql + " /*traceparent='" + VALUE + "',action='x'*/";

    assertThat(
            TraceparentComment.removedFrom(TraceparentComment.appendedTo(sql, TRACE, SPAN, true)))
        .isEqualTo(sql);
    assertThat(TraceparentComment.removedFrom(sql)).isSameAs(sql);
    assertThat(TraceparentComment.removedFrom(foreign)).isSameAs(foreign);
    assertThat(TraceparentComment.removedFrom("'*/")).isEqualTo("'*/");
  }
}
