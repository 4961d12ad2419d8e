package io.querylens.core.sql;

/**
 * Recognizes, straight from the chars, the repeats that make long statements long: another {@code
 * literal,} in a list, another {@code (literal, ..., literal),} VALUES row. {@link ShapeBuilder}
 * uses it to skip the per-token work for a repeat whose outcome it already knows.
 *
 * <p>It accepts only plain decimal numbers and plain {@code '..'} strings, separated by whitespace
 * (no comments), where {@link SqlLexer} would cut the very same tokens; anything else is "no match"
 * and the caller takes the general path. On a match, the literals' bounds are left in {@link
 * #starts}/{@link #ends} and the index after the closing comma in {@link #end}.
 */
final class LiteralRun {

  /** Rows with more values than this go the general way; they are rare and long anyway. */
  static final int MAX_ROW_WIDTH = 64;

  final int[] starts = new int[MAX_ROW_WIDTH];
  final int[] ends = new int[MAX_ROW_WIDTH];
  int count;
  int end;

  /** Whether {@code sql[from..]} starts with {@code literal ,} (whitespace allowed around). */
  boolean literalThenComma(char[] sql, int from, int length) {
    count = 0;
    int p = literal(sql, skipSpaces(sql, from, length), length);
    return p >= 0 && comma(sql, p, length);
  }

  /**
   * Whether {@code sql[from..]} starts with a row of exactly {@code width} literals, then a comma.
   */
  boolean rowThenComma(char[] sql, int from, int length, int width) {
    count = 0;
    int p = skipSpaces(sql, from, length);
    if (p >= length || sql[p] != '(') {
      return false;
    }
    p = literal(sql, skipSpaces(sql, p + 1, length), length);
    while (p >= 0 && count < width) {
      p = skipSpaces(sql, p, length);
      if (p >= length || sql[p] != ',') {
        break;
      }
      p = literal(sql, skipSpaces(sql, p + 1, length), length);
    }
    if (p < 0 || count != width) {
      return false;
    }
    p = skipSpaces(sql, p, length);
    if (p >= length || sql[p] != ')') {
      return false;
    }
    return comma(sql, p + 1, length);
  }

  private boolean comma(char[] sql, int from, int length) {
    int p = skipSpaces(sql, from, length);
    if (p < length && sql[p] == ',') {
      end = p + 1;
      return true;
    }
    return false;
  }

  /** The end of the plain literal at {@code p} (recorded), or -1 when there is none. */
  private int literal(char[] sql, int p, int length) {
    if (p >= length || count == MAX_ROW_WIDTH) {
      return -1;
    }
    char c = sql[p];
    int literalEnd;
    if (c >= '0' && c <= '9') {
      literalEnd = decimalEnd(sql, p, length);
    } else if (c == '\'') {
      literalEnd = stringEnd(sql, p + 1, length);
    } else {
      return -1;
    }
    if (literalEnd < 0) {
      return -1;
    }
    starts[count] = p;
    ends[count] = literalEnd;
    count++;
    return literalEnd;
  }

  /**
   * Digits, optionally {@code .} and digits. Anything the lexer would read on (exponent, {@code _},
   * {@code 0x}) is left next, where it fails the caller's "then a separator" check.
   */
  private static int decimalEnd(char[] sql, int from, int length) {
    int p = digitsEnd(sql, from + 1, length);
    if (p < length && sql[p] == '.' && !(p + 1 < length && sql[p + 1] == '.')) {
      p = digitsEnd(sql, p + 1, length);
    }
    return p;
  }

  private static int digitsEnd(char[] sql, int from, int length) {
    int p = from;
    while (p < length && sql[p] >= '0' && sql[p] <= '9') {
      p++;
    }
    return p;
  }

  /** After a closing quote (a doubled quote stands for itself); -1 when unterminated. */
  private static int stringEnd(char[] sql, int from, int length) {
    int p = from;
    while (p < length) {
      if (sql[p] == '\'') {
        if (p + 1 < length && sql[p + 1] == '\'') {
          p += 2;
          continue;
        }
        return p + 1;
      }
      p++;
    }
    return -1;
  }

  private static int skipSpaces(char[] sql, int from, int length) {
    int p = from;
    while (p < length && SqlLexer.isWhitespace(sql[p])) {
      p++;
    }
    return p;
  }
}
