package io.querylens.it.fingerprint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One statement of the fingerprint corpus (core's {@code corpus.jsonl}) and what PostgreSQL is
 * expected to make of it: run and compared ({@code postgres} absent), not run ("skip: why"), or
 * grouped differently on purpose ("differs: why").
 */
final class CorpusStatement {

  final int line;
  final String sql;
  final String postgresNote;

  private CorpusStatement(int line, String sql, String postgresNote) {
    this.line = line;
    this.sql = sql;
    this.postgresNote = postgresNote;
  }

  boolean skipped() {
    return postgresNote != null && postgresNote.startsWith("skip:");
  }

  boolean differsOnPurpose() {
    return postgresNote != null && postgresNote.startsWith("differs:");
  }

  @Override
  public String toString() {
    return "line " + line + ": " + sql.replace('\n', ' ');
  }

  /** The corpus at the path the build passes as {@code querylens.sql.corpus}. */
  static List<CorpusStatement> load() {
    String location = System.getProperty("querylens.sql.corpus");
    Path path =
        location != null
            ? Path.of(location)
            : Path.of("../core/src/test/resources/io/querylens/core/sql/corpus.jsonl");
    ObjectMapper json = new ObjectMapper();
    List<CorpusStatement> statements = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).isBlank()) {
          continue;
        }
        JsonNode node = json.readTree(lines.get(i));
        String note = node.has("postgres") ? node.get("postgres").asText() : null;
        statements.add(new CorpusStatement(i + 1, node.get("sql").asText(), note));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fingerprint corpus at " + path, e);
    }
    return statements;
  }
}
