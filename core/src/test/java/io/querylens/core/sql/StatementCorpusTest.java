package io.querylens.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every line of the corpus: the statement normalizes, summarizes and lists tables as expected. */
class StatementCorpusTest {

  static Stream<StatementCorpus.Case> corpus() {
    return StatementCorpus.load().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void normalizesSummarizesAndFindsTablesAsExpected(StatementCorpus.Case c) {
    StatementShape shape = SqlFingerprinter.shape(c.sql);

    assertThat(shape.normalizedText()).as("normalized").isEqualTo(c.normalized);
    if (c.summary != null) {
      assertThat(shape.summary()).as("summary").isEqualTo(c.summary);
    }
    if (c.tables != null) {
      assertThat(shape.collectionNames()).as("tables").isEqualTo(c.tables);
    }
    assertThat(shape.truncated()).isFalse();
  }

  @Test
  void statementsShareAFingerprintExactlyWhenTheirNormalizedTextsAreEqual() {
    List<StatementCorpus.Case> cases = StatementCorpus.load();
    Map<String, Fingerprint> byText = new HashMap<>();
    Map<Fingerprint, String> byFingerprint = new HashMap<>();

    for (StatementCorpus.Case c : cases) {
      StatementShape shape = SqlFingerprinter.shape(c.sql);
      Fingerprint known = byText.putIfAbsent(shape.normalizedText(), shape.fingerprint());
      String knownText = byFingerprint.putIfAbsent(shape.fingerprint(), shape.normalizedText());

      assertThat(known == null || known.equals(shape.fingerprint())).as(c.toString()).isTrue();
      assertThat(knownText == null || knownText.equals(shape.normalizedText()))
          .as(c.toString())
          .isTrue();
    }
    assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
  }
}
