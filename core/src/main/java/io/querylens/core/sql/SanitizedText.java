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
final class SanitizedText implements SqlLexer.CommentSink {

  private static final int CAP = StatementShape.MAX_TEXT_CHARS;
  private static final int SHORT_RUN = 8;

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

  /**
   * Copies the whitespace of the gap {@code sql[start, end)}, leaving out its comments: {@code
   * count} pairs of (start, end) in {@code comments}, in order.
   */
  @Override
  public void gapWithComments(int start, int end, int[] comments, int count) {
    copyUpTo(start);
    int p = start;
    for (int i = 0; i < count; i++) {
      int commentStart = comments[2 * i];
      if (p < commentStart) {
        append(p, commentStart);
      }
      // Keep the tokens on either side of a block comment apart: "a/**/b" is "a b". A line
      // comment leaves its line break.
      boolean block = sql[commentStart] == '/';
      if (block && len > 0 && !SqlLexer.isWhitespace(buf[len - 1])) {
        append(' ');
      }
      p = comments[2 * i + 1];
    }
    if (p < end) {
      append(p, end);
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
    if (count <= SHORT_RUN && len + count <= buf.length) {
      // Between list literals the stretch is ", ": a loop beats arraycopy's setup there.
      for (int i = start; i < end; i++) {
        buf[len++] = sql[i];
      }
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
