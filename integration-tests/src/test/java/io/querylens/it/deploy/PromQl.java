package io.querylens.it.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The metric selectors a PromQL expression reads: each metric name with the label names its braces
 * match on. Just enough of the grammar for that: strings, comments, durations and ranges, Grafana
 * variables ({@code $var}, {@code ${var}}), function calls and the label lists of {@code by},
 * {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right} are
 * stepped over; any other name not followed by {@code (} is a metric.
 */
final class PromQl {

  /** A metric name and the label names its matchers use. */
  record Selector(String metric, Set<String> labels) {

    @Override
    public String toString() {
      return metric + (labels.isEmpty() ? "" : "{" + String.join(",", labels) + "}");
    }
  }

  /** Keywords followed by a parenthesised list of label names, not an expression. */
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

  /**
   * Words that are operators, modifiers or literals, never metrics; aggregations among them since
   * {@code sum by (a) (x)} puts their modifier, not their parenthesis, next.
   */
  private static final Set<String> OTHER_KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "offset",
          "bool",
          "atan2",
          "inf",
          "nan",
          "start",
          "end",
          "sum",
          "min",
          "max",
          "avg",
          "group",
          "stddev",
          "stdvar",
          "count",
          "count_values",
          "bottomk",
          "topk",
          "quantile",
          "limitk",
          "limit_ratio");

  private final String text;
  private int at;

  private PromQl(String text) {
    this.text = text;
  }

  static List<Selector> selectors(String expression) {
    return new PromQl(expression).read();
  }

  private List<Selector> read() {
    List<Selector> selectors = new ArrayList<>();
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '"' || c == '\'' || c == '`') {
        skipString(c);
      } else if (c == '#') {
        skipTo('\n');
      } else if (c == '[') {
        skipTo(']');
      } else if (c == '$') {
        skipVariable();
      } else if (c == '{') {
        Set<String> labels = new LinkedHashSet<>();
        String named = readMatchers(labels);
        if (named != null) {
          selectors.add(new Selector(named, labels));
        }
      } else if (Character.isDigit(c) || (c == '.' && nextIsDigit())) {
        skipWord();
      } else if (isNameStart(c)) {
        String word = readName();
        if (LABEL_LIST_KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
          skipSpaces();
          if (at < text.length() && text.charAt(at) == '(') {
            skipTo(')');
          }
        } else if (!OTHER_KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT))) {
          skipSpaces();
          if (at >= text.length() || text.charAt(at) != '(') {
            Set<String> labels = new LinkedHashSet<>();
            if (at < text.length() && text.charAt(at) == '{') {
              readMatchers(labels);
            }
            selectors.add(new Selector(word, labels));
          }
        }
      } else {
        at++;
      }
    }
    return selectors;
  }

  /**
   * Reads {@code {label op "value", ...}} from its opening brace, adding each label name; returns
   * the metric a {@code __name__="..."} matcher names, or null.
   */
  private String readMatchers(Set<String> labels) {
    at++;
    String named = null;
    while (at < text.length() && text.charAt(at) != '}') {
      char c = text.charAt(at);
      if (isNameStart(c)) {
        String label = readName();
        skipSpaces();
        boolean equals = text.startsWith("=", at) && !text.startsWith("=~", at);
        while (at < text.length() && "=!~ ".indexOf(text.charAt(at)) >= 0) {
          at++;
        }
        int valueStart = at + 1;
        if (at < text.length() && (text.charAt(at) == '"' || text.charAt(at) == '\'')) {
          skipString(text.charAt(at));
        }
        if (label.equals("__name__")) {
          named = equals ? text.substring(valueStart, at - 1) : null;
        } else {
          labels.add(label);
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        skipString(c);
      } else {
        at++;
      }
    }
    at++;
    return named;
  }

  private void skipString(char quote) {
    at++;
    while (at < text.length() && text.charAt(at) != quote) {
      at += text.charAt(at) == '\\' && quote != '`' ? 2 : 1;
    }
    at++;
  }

  /** Steps past {@code close}, across nested pairs of the same brackets. */
  private void skipTo(char close) {
    char open = close == ')' ? '(' : close == ']' ? '[' : 0;
    int depth = 0;
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c == '"' || c == '\'' || c == '`') {
        skipString(c);
        continue;
      }
      at++;
      if (c == open) {
        depth++;
      } else if (c == close && --depth <= 0) {
        return;
      }
    }
  }

  private void skipVariable() {
    at++;
    if (at < text.length() && text.charAt(at) == '{') {
      skipTo('}');
    } else {
      while (at < text.length() && isNamePart(text.charAt(at))) {
        at++;
      }
    }
  }

  private void skipWord() {
    while (at < text.length() && (isNamePart(text.charAt(at)) || text.charAt(at) == '.')) {
      at++;
    }
  }

  private void skipSpaces() {
    while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
      at++;
    }
  }

  private String readName() {
    int start = at;
    while (at < text.length() && isNamePart(text.charAt(at))) {
      at++;
    }
    return text.substring(start, at);
  }

  private boolean nextIsDigit() {
    return at + 1 < text.length() && Character.isDigit(text.charAt(at + 1));
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  private static boolean isNamePart(char c) {
    return isNameStart(c) || (c >= '0' && c <= '9');
  }
}
