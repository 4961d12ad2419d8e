package io.querylens.agent.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.sql.StatementShape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code querylens-agent.jar fingerprint}: shows what the agent will export for a statement — its
 * fingerprint (to find its traces), normalized text, summary, operation and tables.
 *
 * <pre>
 * fingerprint 'SELECT * FROM orders WHERE id = 42'     labelled lines, for people
 * fingerprint --jsonl &lt; statements.jsonl              one JSON string per line in, one object out
 * </pre>
 */
public final class FingerprintCommand {

  static final String USAGE =
      "usage: fingerprint 'SQL statement'\n"
          + "       fingerprint --jsonl < statements.jsonl"
          + "   (each line a JSON string; writes one JSON object per line with\n"
          + "        fingerprint, normalized, summary, operation, tables)";

  private static final JsonFactory JSON = new JsonFactory();

  private FingerprintCommand() {}

  /**
   * Runs the command with the arguments that follow the word {@code fingerprint}.
   *
   * @return 0 on success, 1 when some input line could not be read, 2 on a usage error
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    if (args.length == 1 && args[0].equals("--jsonl")) {
      return jsonLines(in, out, err);
    }
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(USAGE);
      return 0;
    }
    if (args.length != 1 || args[0].startsWith("--")) {
      err.println(
          args.length == 0
              ? "fingerprint: give one SQL statement (quoted), or --jsonl"
              : "fingerprint: expected one quoted SQL statement or --jsonl, got "
                  + args.length
                  + " arguments: "
                  + String.join(" ", args));
      err.println(USAGE);
      return 2;
    }
    printLabelled(SqlFingerprinter.shape(args[0]), out);
    return 0;
  }

  private static void printLabelled(StatementShape shape, PrintStream out) {
    out.println("fingerprint: " + shape.fingerprint().toHex());
    out.println("normalized:  " + shape.normalizedText());
    out.println("summary:     " + shape.summary());
    out.println("operation:   " + (shape.operationName() == null ? "" : shape.operationName()));
    out.println("tables:      " + String.join(", ", shape.collectionNames()));
    if (shape.truncated()) {
      out.println(
          "truncated:   true (texts keep the first " + StatementShape.MAX_TEXT_CHARS + " chars)");
    }
  }

  private static int jsonLines(InputStream in, PrintStream out, PrintStream err) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int failed = 0;
    int lineNumber = 0;
    try {
      String line;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String sql;
        try {
          sql = readJsonString(line);
        } catch (JsonParseException e) {
          err.println(
              "fingerprint: line "
                  + lineNumber
                  + ": expected one JSON string such as \"SELECT 1\": "
                  + e.getOriginalMessage());
          failed++;
          continue;
        } catch (IOException e) {
          err.println("fingerprint: line " + lineNumber + ": " + describe(e));
          failed++;
          continue;
        }
        out.println(toJson(SqlFingerprinter.shape(sql)));
      }
    } catch (IOException e) {
      err.println("fingerprint: cannot read standard input after line " + lineNumber + ": " + e);
      return 1;
    }
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  /** The one JSON string on a line; anything else on the line is an error. */
  private static String readJsonString(String line) throws IOException {
    try (JsonParser parser = JSON.createParser(line)) {
      JsonToken token = parser.nextToken();
      if (token != JsonToken.VALUE_STRING) {
        throw new JsonProcessingException(
            "expected a JSON string such as \"SELECT 1\", found "
                + (token == null
                    ? "nothing"
                    : token.asString() == null ? token : token.asString())) {
          private static final long serialVersionUID = 1L;
        };
      }
      String sql = parser.getText();
      if (parser.nextToken() != null) {
        throw new JsonProcessingException(
            "expected one JSON string per line, found more after it") {
          private static final long serialVersionUID = 1L;
        };
      }
      return sql;
    }
  }

  private static String describe(IOException e) {
    if (e instanceof JsonProcessingException) {
      return ((JsonProcessingException) e).getOriginalMessage();
    }
    return e.toString();
  }

  static String toJson(StatementShape shape) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeStringField("fingerprint", shape.fingerprint().toHex());
      json.writeStringField("normalized", shape.normalizedText());
      json.writeStringField("summary", shape.summary());
      json.writeStringField("operation", shape.operationName());
      json.writeArrayFieldStart("tables");
      for (String table : shape.collectionNames()) {
        json.writeString(table);
      }
      json.writeEndArray();
      if (shape.truncated()) {
        json.writeBooleanField("truncated", true);
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing JSON to a string cannot fail", e);
    }
    return text.toString();
  }
}
