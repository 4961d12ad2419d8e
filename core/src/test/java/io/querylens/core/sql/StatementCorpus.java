package io.querylens.core.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The fingerprint corpus: one JSON object per line with the statement ({@code sql}), its expected
 * {@code normalized} text, optionally its {@code summary} and {@code tables}, and a {@code
 * postgres} note ("skip: why" or "differs: why") where PostgreSQL's grouping cannot or deliberately
 * does not match ours.
 */
final class StatementCorpus {

  static final String RESOURCE = "/io/querylens/core/sql/corpus.jsonl";

  /** One line of the corpus. */
  static final class Case {
    final int line;
    final String sql;
    final String normalized;
    final String summary;
    final List<String> tables;

    Case(int line, String sql, String normalized, String summary, List<String> tables) {
      this.line = line;
      this.sql = sql;
      this.normalized = normalized;
      this.summary = summary;
      this.tables = tables;
    }

    @Override
    public String toString() {
      return "line " + line + ": " + sql.replace('\n', ' ');
    }
  }

  private StatementCorpus() {}

  static List<Case> load() {
    ObjectMapper json = new ObjectMapper();
    List<Case> cases = new ArrayList<>();
    try (InputStream in = StatementCorpus.class.getResourceAsStream(RESOURCE);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String text;
      int line = 0;
      while ((text = reader.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode node = json.readTree(text);
        List<String> tables = null;
        if (node.has("tables")) {
          tables = new ArrayList<>();
          for (JsonNode table : node.get("tables")) {
            tables.add(table.asText());
          }
        }
        cases.add(
            new Case(
                line,
                node.get("sql").asText(),
                node.get("normalized").asText(),
                node.has("summary") ? node.get("summary").asText() : null,
                tables));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
  }
}
