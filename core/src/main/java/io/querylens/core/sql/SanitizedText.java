package io.querylens.core.sql;

/**
 * The statement as written, minus what may be personal data: literals become {@code ?}, comments go
 * (they often carry user names or request data), everything else stays byte for byte. Kept up to
 * {@link StatementShape#MAX_TEXT_CHARS}; the rest is dropped and flagged.
 */
final class SanitizedText {

  private static final int CAP = StatementShape.MAX_TEXT_CHARS;

  private char[] buf = new char[1024];
  private int len;
  private boolean truncated;

  void reset() {
    len = 0;
    truncated = false;
  }

  int capacity() {
    return buf.length;
  }

  void append(char[] sql, int start, int end) {
    int count = end - start;
    if (count == 1 && len < buf.length) {
      buf[len++] = sql[start];
      return;
    }
    if (!reserve(count)) {
      count = CAP - len;
      truncated = true;
    }
    System.arraycopy(sql, start, buf, len, count);
    len += count;
  }

  private void append(char c) {
    if (len < buf.length || reserve(1)) {
      buf[len++] = c;
    } else {
      truncated = true;
    }
  }

  void placeholder() {
    append('?');
  }

  /** Copies the whitespace between two tokens, leaving out comments. */
  void gap(char[] sql, int start, int end, boolean hasComment) {
    if (!hasComment) {
      append(sql, start, end);
      return;
    }
    int p = start;
    while (p < end) {
      char c = sql[p];
      if (c == '-' && p + 1 < end && sql[p + 1] == '-') {
        p = SqlLexer.lineCommentEnd(sql, p, end);
      } else if (c == '/' && p + 1 < end && sql[p + 1] == '*') {
        p = SqlLexer.blockCommentEnd(sql, p, end);
        // Keep the tokens on either side apart: "a/**/b" is "a b".
        if (len > 0 && !SqlLexer.isWhitespace(buf[len - 1])) {
          append(' ');
        }
      } else {
        int runEnd = p + 1;
        while (runEnd < end && SqlLexer.isWhitespace(sql[runEnd])) {
          runEnd++;
        }
        append(sql, p, runEnd);
        p = runEnd;
      }
    }
  }

  private boolean reserve(int count) {
    if (len + count > CAP) {
      if (buf.length < CAP) {
        buf = java.util.Arrays.copyOf(buf, CAP);
      }
      return false;
    }
    if (len + count > buf.length) {
      buf = java.util.Arrays.copyOf(buf, Math.min(CAP, Math.max(buf.length * 2, len + count)));
    }
    return true;
  }

  boolean truncated() {
    return truncated;
  }

  String text() {
    return len == 0 ? "" : new String(buf, 0, len);
  }
}
