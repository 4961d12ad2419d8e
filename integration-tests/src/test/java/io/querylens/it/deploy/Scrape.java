package io.querylens.it.deploy;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one scrape of Prometheus's text format holds: each sample name ({@code _total}, {@code
 * _bucket} and the like included) with every label name seen on it.
 */
final class Scrape {

  private final Map<String, Set<String>> labelsByName = new TreeMap<>();

  private Scrape() {}

  static Scrape parse(String text) {
    Scrape scrape = new Scrape();
    for (String line : text.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        scrape.addSample(line.strip());
      }
    }
    return scrape;
  }

  boolean has(String name) {
    return labelsByName.containsKey(name);
  }

  /** The label names seen on {@code name}; empty when there is no such sample. */
  Set<String> labels(String name) {
    return labelsByName.getOrDefault(name, Set.of());
  }

  Set<String> names() {
    return labelsByName.keySet();
  }

  private void addSample(String line) {
    int end = 0;
    while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
      end++;
    }
    Set<String> labels =
        labelsByName.computeIfAbsent(line.substring(0, end), n -> new LinkedHashSet<>());
    if (end < line.length() && line.charAt(end) == '{') {
      readLabels(line, end + 1, labels);
    }
  }

  /** {@code name="value",...}: values may hold escaped quotes, commas and braces. */
  private static void readLabels(String line, int at, Set<String> labels) {
    while (at < line.length() && line.charAt(at) != '}') {
      int equals = line.indexOf('=', at);
      labels.add(line.substring(at, equals).strip());
      at = equals + 2;
      while (at < line.length() && line.charAt(at) != '"') {
        at += line.charAt(at) == '\\' ? 2 : 1;
      }
      at++;
      if (at < line.length() && line.charAt(at) == ',') {
        at++;
      }
    }
  }
}
