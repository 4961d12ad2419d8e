package io.querylens.junit;

import io.querylens.core.json.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every budgeted test of one run with its statement shapes, counts and durations, written as text
 * and JSON when the run ends ({@code querylens-junit.txt}, {@code querylens-junit.json}).
 */
final class RunReport {

  /** Tests kept at most; the rest are counted in the report, not listed. */
  static final int MAX_TESTS = 10_000;

  static final String FILE_NAME = "querylens-junit";

  private final Path directory;
  private final List<Map<String, Object>> tests = new ArrayList<>(); // guarded by this
  private long testsLeftOut; // guarded by this
  private boolean written; // guarded by this

  RunReport(Path directory) {
    this.directory = directory;
  }

  synchronized void add(
      String test,
      String mode,
      String outcome,
      TestStatements statements,
      ShapePlans plans,
      List<Exceeded> exceeded) {
    if (tests.size() >= MAX_TESTS) {
      testsLeftOut++;
      return;
    }
    List<Map<String, Object>> shapes = new ArrayList<>();
    for (ShapeTally shape : statements.shapes()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("summary", shape.summary);
      entry.put("fingerprint", shape.fingerprint);
      entry.put("executions", shape.executions);
      entry.put("errors", shape.errors);
      entry.put("totalMillis", shape.totalNanos / 1e6);
      entry.put("maxMillis", shape.maxNanos / 1e6);
      entry.put("text", shape.sanitizedText);
      List<String> scans = new ArrayList<>();
      for (Map<String, Object> scan : plans.scansOf(shape)) {
        scans.add(String.valueOf(scan.get("line")));
      }
      entry.put("scans", scans);
      entry.put("planSkippedBecause", plans.skippedBecause(shape));
      shapes.add(entry);
    }
    List<String> budgets = new ArrayList<>();
    for (Exceeded one : exceeded) {
      budgets.add(one.budget() + ": " + one.what());
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("test", test);
    entry.put("mode", mode);
    entry.put("outcome", outcome);
    entry.put("statements", statements.statements());
    entry.put("exceeded", budgets);
    entry.put("notPlanned", plans.notPlanned());
    entry.put("shapes", shapes);
    tests.add(entry);
  }

  /** Writes both files once; a failure is told in one line and costs no test its result. */
  synchronized void write() {
    if (written) {
      return;
    }
    written = true;
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("tests", tests);
    document.put("testsLeftOut", testsLeftOut);
    StringBuilder json = new StringBuilder();
    JsonWriter.write(document, json);
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve(FILE_NAME + ".json"), json, StandardCharsets.UTF_8);
      Files.writeString(directory.resolve(FILE_NAME + ".txt"), text(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      QueryLensExtension.tellOnce(
          "report", "cannot write the test report to " + directory + ": " + e.getMessage());
    }
  }

  private String text() {
    StringBuilder text = new StringBuilder("QueryLens statements per test\n");
    for (Map<String, Object> test : tests) {
      text.append('\n')
          .append(test.get("test"))
          .append(" [")
          .append(test.get("outcome"))
          .append(", ")
          .append(test.get("mode"))
          .append(" mode]: ")
          .append(test.get("statements"))
          .append(" statements\n");
      for (Object exceeded : (List<?>) test.get("exceeded")) {
        text.append("  EXCEEDED ").append(exceeded).append('\n');
      }
      for (Object value : (List<?>) test.get("shapes")) {
        Map<?, ?> shape = (Map<?, ?>) value;
        text.append("  ")
            .append(shape.get("executions"))
            .append(" x ")
            .append(shape.get("summary"))
            .append("  total ")
            .append(BudgetCheck.millis(Math.round((Double) shape.get("totalMillis") * 1e6)))
            .append(", max ")
            .append(BudgetCheck.millis(Math.round((Double) shape.get("maxMillis") * 1e6)))
            .append("\n    ")
            .append(shape.get("text"))
            .append('\n');
        for (Object scan : (List<?>) shape.get("scans")) {
          text.append("    ").append(scan).append('\n');
        }
        if (shape.get("planSkippedBecause") != null) {
          text.append("    not planned: ").append(shape.get("planSkippedBecause")).append('\n');
        }
      }
    }
    if (testsLeftOut > 0) {
      text.append("\n").append(testsLeftOut).append(" more tests left out\n");
    }
    return text.toString();
  }
}
