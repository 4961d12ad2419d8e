package io.querylens.junit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Compares what a test's statements did with its budgets. */
final class BudgetCheck {

  /** Shapes named when the statement total is over budget. */
  private static final int TOP_SHAPES = 5;

  private BudgetCheck() {}

  static List<Exceeded> check(Budgets budgets, TestStatements statements, ShapePlans plans) {
    List<ShapeTally> shapes = statements.shapes();
    List<Exceeded> exceeded = new ArrayList<>();
    if (statements.statements() > budgets.maxStatements()) {
      exceeded.add(tooManyStatements(budgets.maxStatements(), statements.statements(), shapes));
    }
    for (ShapeTally shape : shapes) {
      if (shape.executions > budgets.maxExecutionsPerShape()) {
        exceeded.add(repeated(budgets.maxExecutionsPerShape(), shape));
      }
    }
    for (ShapeTally shape : shapes) {
      for (Map<String, Object> scan : plans.scansOf(shape)) {
        double tableRows = number(scan.get("tableRows"));
        if ("Seq Scan".equals(scan.get("nodeType")) && tableRows > budgets.maxSeqScanRows()) {
          exceeded.add(sequentialScan(budgets.maxSeqScanRows(), shape, scan, tableRows));
        }
      }
    }
    int proposed = 0;
    for (ShapeTally shape : shapes) {
      proposed += plans.missingIndexesOf(shape).size();
    }
    if (proposed > budgets.maxMissingIndexes()) {
      for (ShapeTally shape : shapes) {
        for (Map<String, Object> index : plans.missingIndexesOf(shape)) {
          exceeded.add(missingIndex(budgets.maxMissingIndexes(), shape, index));
        }
      }
    }
    Duration maxDuration = budgets.maxDuration();
    if (maxDuration != null) {
      for (ShapeTally shape : shapes) {
        if (shape.maxNanos > maxDuration.toNanos()) {
          exceeded.add(slow(maxDuration, shape, plans));
        }
      }
    }
    return exceeded;
  }

  private static Exceeded tooManyStatements(int limit, long total, List<ShapeTally> shapes) {
    List<ShapeTally> frequent = new ArrayList<>(shapes);
    frequent.sort(Comparator.comparingLong((ShapeTally s) -> s.executions).reversed());
    List<String> evidence = new ArrayList<>();
    for (ShapeTally shape : frequent.subList(0, Math.min(TOP_SHAPES, frequent.size()))) {
      evidence.add(shape.executions + " x \"" + shape.summary + "\": " + shape.sanitizedText);
    }
    return new Exceeded(
        "maxStatements = " + limit,
        "the test ran " + total + " statements",
        evidence,
        "Fetch what the test's code path needs in fewer statements (joins, batches), or raise the"
            + " budget if this many are what the feature needs.");
  }

  private static Exceeded repeated(int limit, ShapeTally shape) {
    String operation = operationOf(shape);
    String fix =
        switch (operation) {
          case "SELECT", "WITH" ->
              "Likely an N+1 loop: one query per row of an earlier result. Fetch these rows"
                  + " together with that result in one statement (a join, or one query with"
                  + " WHERE ... = ANY(?) over all the keys).";
          case "INSERT", "UPDATE", "DELETE" ->
              "One "
                  + operation
                  + " per row: send them as one batch (addBatch/executeBatch) or one set-based"
                  + " statement.";
          default -> "The same statement in a loop: run it once for all the rows it serves.";
        };
    return new Exceeded(
        "maxExecutionsPerShape = " + limit,
        "\""
            + shape.summary
            + "\" ran "
            + shape.executions
            + " times in this test ("
            + millis(shape.totalNanos)
            + " in all)",
        List.of(shape.sanitizedText),
        fix);
  }

  private static Exceeded sequentialScan(
      long limit, ShapeTally shape, Map<String, Object> scan, double tableRows) {
    String table = qualified(scan);
    return new Exceeded(
        "maxSeqScanRows = " + limit,
        "\""
            + shape.summary
            + "\" reads all "
            + Math.round(tableRows)
            + " rows of "
            + table
            + " (a sequential scan in its plan)",
        List.of(shape.sanitizedText, String.valueOf(scan.get("line"))),
        scan.get("filter") != null
            ? "An index on the columns of its Filter lets PostgreSQL read only the matching rows of "
                + table
                + "."
            : "It reads the whole table: limit the rows it needs (a WHERE on indexed columns,"
                + " LIMIT), or raise the budget if reading all of "
                + table
                + " is intended.");
  }

  private static Exceeded missingIndex(int limit, ShapeTally shape, Map<String, Object> index) {
    return new Exceeded(
        "maxMissingIndexes = " + limit,
        "the advisor proposes an index for \""
            + shape.summary
            + "\" ("
            + index.get("planNode")
            + (Boolean.TRUE.equals(index.get("verified"))
                ? ", verified with HypoPG)"
                : ", not verified with HypoPG)"),
        List.of(shape.sanitizedText, String.valueOf(index.get("action"))),
        "Create the index in the schema migration the test runs on (" + index.get("note") + ").");
  }

  private static Exceeded slow(Duration limit, ShapeTally shape, ShapePlans plans) {
    List<String> evidence = new ArrayList<>();
    evidence.add(shape.sanitizedText);
    for (Map<String, Object> scan : plans.scansOf(shape)) {
      evidence.add(String.valueOf(scan.get("line")));
    }
    return new Exceeded(
        "maxStatementDuration = " + limit.toMillis() + " ms",
        "the slowest execution of \""
            + shape.summary
            + "\" took "
            + millis(shape.maxNanos)
            + " ("
            + shape.executions
            + (shape.executions == 1 ? " execution)" : " executions)"),
        evidence,
        "Read its plan (EXPLAIN) for a scan of a large table or a sort without an index; a"
            + " statement waiting on a lock is slow for the holder's sake.");
  }

  static String operationOf(ShapeTally shape) {
    String text = shape.sanitizedText == null ? "" : shape.sanitizedText.stripLeading();
    int end = 0;
    while (end < text.length() && Character.isLetter(text.charAt(end))) {
      end++;
    }
    return text.substring(0, end).toUpperCase(Locale.ROOT);
  }

  private static String qualified(Map<String, Object> scan) {
    Object schema = scan.get("schema");
    return (schema == null ? "" : schema + ".") + scan.get("relation");
  }

  static String millis(long nanos) {
    double millis = nanos / 1e6;
    return millis >= 10
        ? Math.round(millis) + " ms"
        : String.format(Locale.ROOT, "%.2f ms", millis);
  }

  private static double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : -1;
  }
}
