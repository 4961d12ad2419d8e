package io.querylens.core.sql;

import java.util.Arrays;

/**
 * The statement as written, minus what may be personal data: literals become {@code ?}, comments go
 * (they often carry user names or request data), everything else stays byte for byte. Kept up to
 * {@link StatementShape#MAX_TEXT_CHARS}; the rest is dropped and flagged.
 *
 * <p>Told only where the statement changes (a literal, a gap with comments), it copies the
 * unchanged stretches in between in one go: most tokens cost nothing here.
 */
final class SanitizedText {

  private static final int CAP = StatementShape.MAX_TEXT_CHARS;

  private char[] sql = new char[0];

  /** Chars of {@link #sql} before this index are written (or replaced) already. */
  private int copiedTo;

  private char[] buf = new char[1024];
  private int len;
  private boolean truncated;

  void reset(char[] sql) {
    this.sql = sql;
    copiedTo = 0;
    len = 0;
    truncated = false;
  }

  int capacity() {
    return buf.length;
  }

  /** The literal at {@code sql[start, end)} becomes {@code ?}. */
  void placeholder(int start, int end) {
    copyUpTo(start);
    append('?');
    copiedTo = end;
  }

  /** Copies the whitespace of the gap {@code sql[start, end)}, leaving out its comments. */
  void gapWithComments(int start, int end) {
    copyUpTo(start);
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
        append(p, runEnd);
        p = runEnd;
      }
    }
    copiedTo = end;
  }

  /** Copies the rest of the statement, up to {@code length}. */
  void finish(int length) {
    copyUpTo(length);
  }

  private void copyUpTo(int end) {
    if (copiedTo < end) {
      append(copiedTo, end);
      copiedTo = end;
    }
  }

  private void append(int start, int end) {
    int count = end - start;
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

  private boolean reserve(int count) {
    if (len + count > CAP) {
      if (buf.length < CAP) {
        buf = Arrays.copyOf(buf, CAP);
      }
      return false;
    }
    if (len + count > buf.length) {
      buf = Arrays.copyOf(buf, Math.min(CAP, Math.max(buf.length * 2, len + count)));
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
