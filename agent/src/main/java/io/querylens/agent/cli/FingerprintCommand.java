package io.querylens.agent.cli;

import io.querylens.core.json.JsonWriter;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.sql.StatementShape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /** Some editors start a UTF-8 file with a byte order mark; it is not part of the first line. */
  private static final char BYTE_ORDER_MARK = '\uFEFF';

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
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        String sql;
        try {
          sql = JsonStringLine.read(line);
        } catch (IllegalArgumentException e) {
          err.println("fingerprint: line " + lineNumber + ": " + e.getMessage());
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

  static String toJson(StatementShape shape) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("fingerprint", shape.fingerprint().toHex());
    fields.put("normalized", shape.normalizedText());
    fields.put("summary", shape.summary());
    fields.put("operation", shape.operationName());
    fields.put("tables", shape.collectionNames());
    if (shape.truncated()) {
      fields.put("truncated", true);
    }
    StringBuilder json = new StringBuilder();
    JsonWriter.write(fields, json);
    return json.toString();
  }
}
