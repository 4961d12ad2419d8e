package io.querylens.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.querylens.core.insight.StatementFigures;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineFileTest {

  private static final Baseline SAVED =
      new Baseline(
          Instant.parse("2026-11-22T12:00:00Z"),
          "db.internal:5432",
          "shop",
          "17.2",
          null,
          Baseline.PG_STAT_STATEMENTS,
          List.of(
              new StatementFigures(
                  "0123456789abcdef",
                  "SELECT orders",
                  "SELECT * FROM orders WHERE \"id\" = $1",
                  1_000,
                  2_500.0,
                  null),
              new StatementFigures("fedcba9876543210", "UPDATE stock", null, 3, 1.5, 0.9)));

  @Test
  void whatIsWrittenReadsBackTheSame() throws Exception {
    String text = BaselineFile.write(SAVED);

    assertThat(BaselineFile.read(text)).isEqualTo(SAVED);
    assertThat(text)
        .startsWith("{\n  \"querylens_baseline\": 1,\n")
        .contains("\n    {\"fingerprint\":\"0123456789abcdef\"");
  }

  @Test
  void unknownKeysAreIgnoredAndOptionalOnesMayBeMissingOrWrittenAsStrings() throws Exception {
    Baseline read =
        BaselineFile.read(
            "{\"querylens_baseline\": 1, \"written_by\": \"a later tool\", \"statements\": ["
                + "{\"fingerprint\": \"0123456789abcdef\", \"calls\": \"200\", \"mean_ms\": 1.5,"
                + " \"colour\": \"blue\"}]}");

    assertThat(read.savedAt()).isNull();
    assertThat(read.statements())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.calls()).isEqualTo(200);
              assertThat(s.totalMillis()).isEqualTo(300.0);
              assertThat(s.p95Millis()).isNull();
              assertThat(s.query()).isNull();
            });
  }

  @Test
  void aBadFileIsOneErrorThatSaysWhatIsWrong() {
    assertBad("SELECT 1", "not JSON: Malformed JSON at offset 0");
    assertBad("{\"statements\": []}", "not a QueryLens baseline: no \"querylens_baseline\"");
    assertBad("[1, 2]", "not a QueryLens baseline");
    assertBad(
        "{\"querylens_baseline\": 2, \"statements\": []}",
        "written by a newer QueryLens (version 2); this one reads version 1");
    assertBad("{\"querylens_baseline\": \"one\"}", "\"querylens_baseline\" is one, not a version");
    assertBad("{\"querylens_baseline\": 1}", "no \"statements\" list");
    assertBad(
        "{\"querylens_baseline\": 1, \"statements\": [{\"calls\": 3, \"mean_ms\": 1}]}",
        "statement 1 has no \"fingerprint\"");
    assertBad(
        "{\"querylens_baseline\": 1, \"statements\": [{\"fingerprint\": \"ab\", \"calls\": 3}]}",
        "statement 1 (ab) needs \"calls\" and \"total_ms\" or \"mean_ms\"");
    assertBad(
        "{\"querylens_baseline\": 1, \"saved_at\": \"yesterday\", \"statements\": []}",
        "\"saved_at\" is yesterday, not a time");
  }

  private static void assertBad(String text, String message) {
    assertThatThrownBy(() -> BaselineFile.read(text))
        .isInstanceOf(InvalidBaselineException.class)
        .hasMessageContaining(message);
  }
}
