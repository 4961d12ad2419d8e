package io.querylens.core.sql;

import java.util.Locale;

/**
 * The {@code db.query.summary} being written, term by term, and the {@code db.operation.name} (the
 * first operation). A term is appended whole or the summary stops for good: never a cut name, never
 * one out of order.
 */
final class SummaryText {

  private final char[] text = new char[StatementShape.MAX_SUMMARY_CHARS];
  private int length;
  private boolean full;
  private String operationName;

  void reset() {
    length = 0;
    full = false;
    operationName = null;
  }

  String summary() {
    return length == 0 ? "" : new String(text, 0, length);
  }

  String operationName() {
    return operationName;
  }

  /**
   * Adds an operation; {@code verb} (when not null) comes before {@code sql[start, end)}, as in
   * "CREATE TABLE". {@code keyword}: the operation's keyword id, 0 for none or with a verb.
   */
  void addOperation(char[] sql, int keyword, int start, int end, String verb) {
    if (operationName == null) {
      // Upper-cased, as the OpenTelemetry Java agent does: "select" and "SELECT" are one
      // operation, and one metric series. The summary keeps the case written.
      if (verb != null) {
        operationName = (verb + ' ' + new String(sql, start, end - start)).toUpperCase(Locale.ROOT);
      } else {
        String canonical = Keywords.word(keyword);
        boolean asCanonical = canonical.length() == end - start && sameAs(sql, start, canonical);
        operationName =
            asCanonical ? canonical : new String(sql, start, end - start).toUpperCase(Locale.ROOT);
      }
    }
    if (verb != null) {
      if (!fits(verb.length() + 1 + end - start)) {
        return;
      }
      append(verb);
      text[length++] = ' ';
      System.arraycopy(sql, start, text, length, end - start);
      length += end - start;
      return;
    }
    append(sql, start, end);
  }

  /** Appends {@code sql[start, end)} as one term. */
  void append(char[] sql, int start, int end) {
    if (!fits(end - start)) {
      return;
    }
    if (length > 0) {
      text[length++] = ' ';
    }
    System.arraycopy(sql, start, text, length, end - start);
    length += end - start;
  }

  void append(String term) {
    if (!fits(term.length())) {
      return;
    }
    if (length > 0) {
      text[length++] = ' ';
    }
    term.getChars(0, term.length(), text, length);
    length += term.length();
  }

  private boolean fits(int termLength) {
    int needed = termLength + (length == 0 ? 0 : 1);
    if (full || length + needed > text.length) {
      full = true;
      return false;
    }
    return true;
  }

  /** Whether {@code sql[start, start + word.length())} is exactly {@code word}. */
  static boolean sameAs(char[] sql, int start, String word) {
    for (int i = 0; i < word.length(); i++) {
      if (sql[start + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
