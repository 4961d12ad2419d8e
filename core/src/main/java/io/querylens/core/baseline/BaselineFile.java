package io.querylens.core.baseline;

import io.querylens.core.insight.StatementFigures;
import io.querylens.core.json.JsonReader;
import io.querylens.core.json.JsonWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A baseline as a JSON file, one statement shape a line so that two files diff well. The first key,
 * {@code querylens_baseline}, is the format's version: it changes only when an old reader would
 * misread a new file. Reading is lenient (unknown keys are ignored, optional ones may be missing or
 * null, numbers may be written as strings); anything else is one {@link InvalidBaselineException}.
 */
public final class BaselineFile {

  /** The version written, and the newest one read. */
  public static final int VERSION = 1;

  private static final String VERSION_KEY = "querylens_baseline";

  private BaselineFile() {}

  public static String write(Baseline baseline) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put(VERSION_KEY, VERSION);
    header.put("saved_at", text(baseline.savedAt()));
    header.put("server", baseline.server());
    header.put("database", baseline.database());
    header.put("server_version", baseline.serverVersion());
    header.put("stats_reset", text(baseline.statsReset()));
    header.put("source", baseline.source());
    StringBuilder out = new StringBuilder("{\n");
    for (Map.Entry<String, Object> entry : header.entrySet()) {
      out.append("  ");
      JsonWriter.write(entry.getKey(), out);
      out.append(": ");
      JsonWriter.write(entry.getValue(), out);
      out.append(",\n");
    }
    out.append("  \"statements\": [");
    String separator = "\n    ";
    for (StatementFigures statement : baseline.statements()) {
      out.append(separator);
      JsonWriter.write(item(statement), out);
      separator = ",\n    ";
    }
    return out.append("\n  ]\n}\n").toString();
  }

  private static Map<String, Object> item(StatementFigures statement) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("fingerprint", statement.fingerprint());
    item.put("summary", statement.summary());
    item.put("calls", statement.calls());
    item.put("total_ms", round(statement.totalMillis()));
    item.put("mean_ms", round(statement.meanMillis()));
    item.put("p95_ms", statement.p95Millis() == null ? null : round(statement.p95Millis()));
    item.put("query", statement.query());
    return item;
  }

  /**
   * @throws InvalidBaselineException naming what is wrong: not JSON, not a baseline, a newer
   *     version, or a statement without its fingerprint or figures
   */
  public static Baseline read(String text) throws InvalidBaselineException {
    Object document;
    try {
      document = JsonReader.parse(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidBaselineException("not JSON: " + e.getMessage());
    }
    if (!(document instanceof Map<?, ?> root) || !root.containsKey(VERSION_KEY)) {
      throw new InvalidBaselineException(
          "not a QueryLens baseline: no \"" + VERSION_KEY + "\" version key");
    }
    Double version = number(root.get(VERSION_KEY));
    if (version == null || version < 1 || version != Math.rint(version)) {
      throw new InvalidBaselineException(
          "\"" + VERSION_KEY + "\" is " + root.get(VERSION_KEY) + ", not a version number");
    }
    if (version > VERSION) {
      throw new InvalidBaselineException(
          "written by a newer QueryLens (version "
              + version.intValue()
              + "); this one reads version "
              + VERSION);
    }
    if (!(root.get("statements") instanceof List<?> items)) {
      throw new InvalidBaselineException("no \"statements\" list");
    }
    List<StatementFigures> statements = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      statements.add(statement(items.get(i), i + 1));
    }
    return new Baseline(
        instant(root.get("saved_at"), "saved_at"),
        string(root.get("server")),
        string(root.get("database")),
        string(root.get("server_version")),
        instant(root.get("stats_reset"), "stats_reset"),
        string(root.get("source")),
        statements);
  }

  private static StatementFigures statement(Object value, int position)
      throws InvalidBaselineException {
    if (!(value instanceof Map<?, ?> item)) {
      throw new InvalidBaselineException("statement " + position + " is not an object");
    }
    String fingerprint = string(item.get("fingerprint"));
    Double calls = number(item.get("calls"));
    Double total = number(item.get("total_ms"));
    Double mean = number(item.get("mean_ms"));
    if (fingerprint == null || fingerprint.isEmpty()) {
      throw new InvalidBaselineException("statement " + position + " has no \"fingerprint\"");
    }
    if (calls == null || calls < 0 || (total == null && mean == null)) {
      throw new InvalidBaselineException(
          "statement "
              + position
              + " ("
              + fingerprint
              + ") needs \"calls\" and \"total_ms\" or \"mean_ms\"");
    }
    return new StatementFigures(
        fingerprint,
        string(item.get("summary")),
        string(item.get("query")),
        calls.longValue(),
        total != null ? total : mean * calls,
        number(item.get("p95_ms")));
  }

  private static Double number(Object value) {
    if (value instanceof Double number) {
      return Double.isFinite(number) ? number : null;
    }
    if (value instanceof String text) {
      try {
        double parsed = Double.parseDouble(text.trim());
        return Double.isFinite(parsed) ? parsed : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static String string(Object value) {
    return value == null ? null : value.toString();
  }

  private static Instant instant(Object value, String key) throws InvalidBaselineException {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value.toString());
    } catch (DateTimeParseException e) {
      throw new InvalidBaselineException(
          "\"" + key + "\" is " + value + ", not a time such as 2026-01-31T12:00:00Z");
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  private static double round(double millis) {
    return Math.round(millis * 1000) / 1000.0;
  }
}
