package io.querylens.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.json.JsonReader;
import io.querylens.core.sql.SqlFingerprinter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FingerprintCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String stdin, String... args) {
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    return FingerprintCommand.run(
        args,
        in,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsTheShapeOfTheStatementGivenAsArgument() {
    int exit =
        run("", "SELECT o.id FROM orders o JOIN customers c ON c.id = o.cid WHERE o.id = 42");

    assertThat(exit).isZero();
    assertThat(out())
        .matches("(?s)fingerprint: [0-9a-f]{16}\n.*")
        .contains(
            "normalized:  SELECT o.id FROM orders o JOIN customers c ON c.id = o.cid WHERE o.id = ?\n",
            "summary:     SELECT orders customers\n",
            "operation:   SELECT\n",
            "tables:      orders, customers\n")
        .doesNotContain("42");
  }

  @Test
  void readsJsonStringsAndWritesOneObjectPerLine() {
    int exit = run("\"SELECT * FROM orders WHERE id IN (1, 2)\"\n\n\"BEGIN\"\n", "--jsonl");

    String[] lines = out().split("\n");
    assertThat(exit).isZero();
    assertThat(lines).hasSize(2);
    assertThat(lines[0])
        .matches("\\{\"fingerprint\":\"[0-9a-f]{16}\",.*")
        .endsWith(
            "\"normalized\":\"SELECT * FROM orders WHERE id IN (?)\","
                + "\"summary\":\"SELECT orders\",\"operation\":\"SELECT\",\"tables\":[\"orders\"]}");
    assertThat(lines[1]).endsWith("\"summary\":\"BEGIN\",\"operation\":\"BEGIN\",\"tables\":[]}");
    assertThat(err()).isEmpty();
  }

  @Test
  void sameShapeGivesTheSameFingerprintInBothModes() {
    run("", "select * from orders where id = 1");
    String plain = out().substring("fingerprint: ".length(), "fingerprint: ".length() + 16);
    out.reset();

    run("\"SELECT * FROM orders WHERE id = 99\"\n", "--jsonl");

    assertThat(out()).contains("\"fingerprint\":\"" + plain + "\"");
  }

  @Test
  void aMalformedLineIsReportedWithItsNumberAndTheRestStillRuns() {
    int exit =
        run("\"SELECT 1\"\nSELECT 2\n{\"sql\": 3}\n\"SELECT 4\" extra\n\"SELECT 5\"\n", "--jsonl");

    assertThat(exit).isEqualTo(1);
    assertThat(out().split("\n")).hasSize(2);
    assertThat(err().split("\n"))
        .hasSize(3)
        .satisfiesExactly(
            line -> assertThat(line).startsWith("fingerprint: line 2: expected one JSON string"),
            line -> assertThat(line).startsWith("fingerprint: line 3: expected a JSON string"),
            line ->
                assertThat(line)
                    .startsWith("fingerprint: line 4: expected one JSON string")
                    .contains("extra"));
  }

  @Test
  void withoutAStatementItExplainsTheUsage() {
    int exit = run("");

    assertThat(exit).isEqualTo(2);
    assertThat(err()).contains("give one SQL statement", "usage: fingerprint");
    assertThat(out()).isEmpty();
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    int exit = run("", "--json");

    assertThat(exit).isEqualTo(2);
    assertThat(err()).contains("--json", "usage: fingerprint");
  }

  @Test
  void jsonEscapesAreReadAsTheCharactersTheyStandFor() {
    String written =
        "\"SELECT \\\"caf\\u00e9\\\", \\\"\\ud83d\\ude00\\\", \\\"a\\\\b\\/c\\\" FROM t\"";
    String meant = "SELECT \"café\", \"\uD83D\uDE00\", \"a\\b/c\" FROM t";

    int exit = run(written + "\n", "--jsonl");

    assertThat(exit).isZero();
    assertThat(err()).isEmpty();
    assertThat(onlyObject())
        .containsEntry("normalized", SqlFingerprinter.shape(meant).normalizedText())
        .containsEntry("fingerprint", SqlFingerprinter.shape(meant).fingerprint().toHex());
  }

  @Test
  void unicodeWrittenAsItselfComesBackAsItself() {
    int exit = run("\"SELECT \\\"Preis €\\\" FROM \\\"注文\\\"\"\n", "--jsonl");

    assertThat(exit).isZero();
    assertThat(out()).contains("\"normalized\":\"SELECT \\\"Preis €\\\" FROM \\\"注文\\\"\"");
    assertThat(onlyObject().get("tables")).asList().containsExactly("\"注文\"");
  }

  @Test
  void quotesBackslashesAndControlCharactersAreEscapedInTheOutput() {
    String meant = "SELECT \"a\\b\"\n, \"x\u0001y\" FROM \"t\\\"q\"";

    int exit =
        run("\"SELECT \\\"a\\\\b\\\"\\n, \\\"x\\u0001y\\\" FROM \\\"t\\\\\\\"q\\\"\"\n", "--jsonl");

    assertThat(exit).isZero();
    assertThat(out().strip()).doesNotContain("\n", "\u0001");
    assertThat(onlyObject())
        .containsEntry("normalized", SqlFingerprinter.shape(meant).normalizedText());
  }

  @Test
  void aStatementWithoutAnOperationHasANullOperation() {
    run("\"\"\n", "--jsonl");

    assertThat(out()).contains("\"operation\":null");
    assertThat(onlyObject()).containsEntry("operation", null);
  }

  @Test
  void aByteOrderMarkBeforeTheFirstLineIsNotPartOfIt() {
    int exit = run("\uFEFF\"SELECT 1\"\n\"SELECT 2\"\n", "--jsonl");

    assertThat(exit).isZero();
    assertThat(err()).isEmpty();
    assertThat(out().split("\n")).hasSize(2);
  }

  @Test
  void spacesAroundTheStringAreAllowed() {
    int exit = run("  \t\"SELECT 1\"  \n", "--jsonl");

    assertThat(exit).isZero();
    assertThat(err()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "an unknown escape             | \"SELECT \\x\"        | at column 9, \\x is not a JSON escape",
        "a short unicode escape        | \"SELECT \\u12\"      | at column 9, \\u needs four hex digits",
        "a unicode escape that is not hex | \"SELECT \\u12G4\" | at column 9, \\u needs four hex digits",
        "a raw tab inside the string   | `\"SELECT\t1\"`       | at column 8, a control character (U+0009) must be written as an escape",
        "no closing quote              | \"SELECT 1            | at column 10, the string has no closing quote",
        "a backslash at the end        | \"SELECT 1\\          | at column 10, the string ends inside an escape",
        "single quotes                 | 'SELECT 1'            | found text without quotes: 'SELECT 1'",
        "a number                      | 42                    | found a number",
        "an array                      | [\"SELECT 1\"]        | found an array",
        "null                          | null                  | found null",
        "two strings                   | \"SELECT 1\" \"SELECT 2\" | found more after it at column 12: \"SELECT 2\"",
      })
  void aMalformedLineSaysWhatIsWrongAndWhere(String what, String line, String message) {
    int exit = run("\"SELECT 0\"\n" + line + "\n", "--jsonl");

    assertThat(exit).as(what).isEqualTo(1);
    assertThat(out().split("\n")).as(what).hasSize(1);
    assertThat(err()).as(what).startsWith("fingerprint: line 2: ").contains(message);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> onlyObject() {
    String[] lines = out().split("\n");
    assertThat(lines).hasSize(1);
    return (Map<String, Object>) JsonReader.parse(lines[0]);
  }
}
