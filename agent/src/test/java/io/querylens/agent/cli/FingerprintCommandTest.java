package io.querylens.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
}
