package io.querylens.agent.cli;

/**
 * Reads the one JSON string on a line of {@code fingerprint --jsonl} input, as strictly as RFC 8259
 * asks: escapes only {@code \" \\ \/ \b \f \n \r \t \}{@code uXXXX}, no raw control characters,
 * nothing but spaces after the closing quote. The command reads nothing but strings, so this stands
 * in for Jackson, which cost the agent jar half a megabyte for this one use.
 */
final class JsonStringLine {

  private static final String EXPECTED = "expected one JSON string such as \"SELECT 1\"";

  private final String line;
  private int at;

  private JsonStringLine(String line) {
    this.line = line;
  }

  /**
   * The text of the JSON string on this line.
   *
   * @throws IllegalArgumentException naming what was found instead, and where
   */
  static String read(String line) {
    JsonStringLine reader = new JsonStringLine(line);
    reader.skipSpaces();
    String text = reader.string();
    reader.skipSpaces();
    if (reader.at < line.length()) {
      throw new IllegalArgumentException(
          "expected one JSON string per line, found more after it at column "
              + reader.column()
              + ": "
              + excerpt(line, reader.at));
    }
    return text;
  }

  private String string() {
    if (at >= line.length()) {
      throw new IllegalArgumentException(EXPECTED + ", found nothing");
    }
    if (line.charAt(at) != '"') {
      throw new IllegalArgumentException(notAString());
    }
    at++;
    StringBuilder text = new StringBuilder(line.length());
    while (at < line.length()) {
      char c = line.charAt(at);
      if (c == '"') {
        at++;
        return text.toString();
      }
      if (c < 0x20) {
        throw malformed("a control character (U+" + hex4(c) + ") must be written as an escape");
      }
      if (c == '\\') {
        text.append(escaped());
      } else {
        text.append(c);
        at++;
      }
    }
    throw malformed("the string has no closing quote");
  }

  /** The character an escape stands for; {@code at} is on the backslash. */
  private char escaped() {
    if (at + 1 >= line.length()) {
      throw malformed("the string ends inside an escape");
    }
    char kind = line.charAt(at + 1);
    at += 2;
    switch (kind) {
      case '"':
      case '\\':
      case '/':
        return kind;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u':
        return unicodeEscape();
      default:
        at -= 2;
        throw malformed("\\" + kind + " is not a JSON escape");
    }
  }

  /** Four hex digits; a surrogate pair arrives as two escapes and is joined by appending both. */
  private char unicodeEscape() {
    if (at + 4 > line.length()) {
      at -= 2;
      throw malformed("\\u needs four hex digits");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(line.charAt(at + i), 16);
      if (digit < 0) {
        at -= 2;
        throw malformed("\\u needs four hex digits");
      }
      value = value * 16 + digit;
    }
    at += 4;
    return (char) value;
  }

  /** Valid JSON of another kind is named as such; anything else is shown as it was written. */
  private String notAString() {
    char first = line.charAt(at);
    if (first == '{') {
      return "expected a JSON string such as \"SELECT 1\", found an object";
    }
    if (first == '[') {
      return "expected a JSON string such as \"SELECT 1\", found an array";
    }
    if (first == '-' || (first >= '0' && first <= '9')) {
      return "expected a JSON string such as \"SELECT 1\", found a number";
    }
    for (String literal : new String[] {"true", "false", "null"}) {
      if (line.startsWith(literal, at) && line.substring(at + literal.length()).isBlank()) {
        return "expected a JSON string such as \"SELECT 1\", found " + literal;
      }
    }
    return EXPECTED + ", found text without quotes: " + excerpt(line, at);
  }

  private IllegalArgumentException malformed(String what) {
    return new IllegalArgumentException(EXPECTED + ": at column " + column() + ", " + what);
  }

  private void skipSpaces() {
    while (at < line.length() && isJsonSpace(line.charAt(at))) {
      at++;
    }
  }

  private static boolean isJsonSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  private int column() {
    return at + 1;
  }

  private static String hex4(char c) {
    String hex = Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT);
    return "0000".substring(hex.length()) + hex;
  }

  /** At most 40 characters from {@code from}, so a long line does not flood standard error. */
  private static String excerpt(String line, int from) {
    int end = Math.min(line.length(), from + 40);
    return line.substring(from, end) + (end < line.length() ? "..." : "");
  }
}
