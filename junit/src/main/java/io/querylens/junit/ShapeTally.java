package io.querylens.junit;

import java.util.List;
import java.util.Map;

/** One statement shape's executions in one test: what its budgets and its report line read. */
final class ShapeTally {

  final String fingerprint;
  final String summary;
  final String sanitizedText;
  final List<String> tables;
  final String systemName;
  final String serverAddress;
  final int serverPort;
  final String namespace;
  long executions;
  long errors;
  long totalNanos;
  long maxNanos;

  private ShapeTally(Map<String, Object> first) {
    this.fingerprint = text(first, "fingerprint");
    this.sanitizedText = text(first, "sanitizedText");
    this.summary = nameOf(text(first, "summary"), text(first, "operation"), sanitizedText);
    this.tables = first.get("tables") instanceof List<?> names ? strings(names) : List.of();
    this.systemName = text(first, "systemName");
    this.serverAddress = text(first, "serverAddress");
    this.serverPort = first.get("serverPort") instanceof Number port ? port.intValue() : 0;
    this.namespace = text(first, "namespace");
  }

  /**
   * The summary ({@code SELECT orders}), or, when it names no table ({@code SELECT pg_sleep(?)}),
   * the start of the text: a bare {@code SELECT} tells the reader nothing.
   */
  static String nameOf(String summary, String operation, String text) {
    if (summary != null && !summary.isEmpty() && !summary.equals(operation)) {
      return summary;
    }
    if (text == null || text.isEmpty()) {
      return summary == null || summary.isEmpty() ? "statement" : summary;
    }
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }

  static ShapeTally of(Map<String, Object> first) {
    return new ShapeTally(first);
  }

  void add(long durationNanos, boolean failed) {
    executions++;
    totalNanos += durationNanos;
    maxNanos = Math.max(maxNanos, durationNanos);
    if (failed) {
      errors++;
    }
  }

  /** Whether its plan can be asked for: PostgreSQL's, on a server the facts name. */
  boolean plannable() {
    return "postgresql".equals(systemName) && serverAddress != null && serverPort > 0;
  }

  static String text(Map<String, Object> map, String key) {
    Object value = map.get(key);
    return value == null ? null : value.toString();
  }

  private static List<String> strings(List<?> values) {
    return values.stream().map(String::valueOf).toList();
  }
}
