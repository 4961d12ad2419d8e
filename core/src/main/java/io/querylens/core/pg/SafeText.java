package io.querylens.core.pg;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Error text fit for a log line: a driver may put the connection URL, password included, in an
 * exception message, so every {@code password=...} value is masked.
 */
final class SafeText {

  private static final String KEY = "password=";

  private SafeText() {}

  /** {@code SQLException[08001]: message}, with passwords masked. */
  static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(error.getClass().getSimpleName());
    if (error instanceof SQLException sql && sql.getSQLState() != null) {
      text.append('[').append(sql.getSQLState()).append(']');
    }
    if (error.getMessage() != null) {
      text.append(": ").append(maskPasswords(error.getMessage()));
    }
    return text.toString();
  }

  static String maskPasswords(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    int found = lower.indexOf(KEY);
    if (found < 0) {
      return text;
    }
    StringBuilder masked = new StringBuilder(text.length());
    int from = 0;
    while (found >= 0) {
      int valueStart = found + KEY.length();
      int valueEnd = valueStart;
      while (valueEnd < text.length() && !endsValue(text.charAt(valueEnd))) {
        valueEnd++;
      }
      masked.append(text, from, valueStart).append("***");
      from = valueEnd;
      found = lower.indexOf(KEY, valueEnd);
    }
    return masked.append(text, from, text.length()).toString();
  }

  private static boolean endsValue(char c) {
    return c == '&'
        || c == ';'
        || c == ','
        || c == ')'
        || c == '\''
        || c == '"'
        || Character.isWhitespace(c);
  }
}
