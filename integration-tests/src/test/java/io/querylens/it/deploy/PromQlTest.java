package io.querylens.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Which metrics (and labels) an expression reads: the cases live in promql-selectors.jsonl. */
class PromQlTest {

  record Case(String expr, List<String> selectors) {
    @Override
    public String toString() {
      return expr;
    }
  }

  static Stream<Case> cases() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Case> cases = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                Objects.requireNonNull(
                    PromQlTest.class.getResourceAsStream("promql-selectors.jsonl")),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (!line.isBlank()) {
          JsonNode node = json.readTree(line);
          List<String> expected = new ArrayList<>();
          node.get("selectors").forEach(s -> expected.add(s.asText()));
          cases.add(new Case(node.get("expr").asText(), expected));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void findsEveryMetricAndTheLabelsItsMatchersUse(Case c) {
    assertThat(PromQl.selectors(c.expr())).map(PromQl.Selector::toString).isEqualTo(c.selectors());
  }
}
