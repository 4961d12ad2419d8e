package io.querylens.core.sql;

import static io.querylens.core.sql.SqlLexer.DOT;
import static io.querylens.core.sql.SqlLexer.QUOTED_IDENTIFIER;
import static io.querylens.core.sql.SqlLexer.WORD;

/**
 * A name being read token by token, perhaps qualified ({@code sales . "Orders"}), as positions in
 * the statement. Only when it is complete is it turned into text, and then only if it is not
 * already written as PostgreSQL reads it.
 */
final class QualifiedName {

  private boolean active;
  private boolean wantsPart;
  private int start;
  private int end;
  private int parts;
  private boolean contiguous;
  private boolean collection;

  /** A name starts at {@code sql[start, end)}; {@code collection}: it names a table. */
  void start(int start, int end, boolean collection) {
    active = true;
    wantsPart = false;
    this.start = start;
    this.end = end;
    parts = 1;
    contiguous = true;
    this.collection = collection;
  }

  boolean active() {
    return active;
  }

  /** Forgets the name: it was none (a function call, say) or it has been taken. */
  void close() {
    active = false;
  }

  /** Whether the token continues the name: a dot, or the part after one. */
  boolean continuesWith(int kind, int tokenStart, int tokenEnd) {
    if (kind == DOT && !wantsPart) {
      wantsPart = true;
      contiguous &= tokenStart == end;
      end = tokenEnd;
      return true;
    }
    if ((kind == WORD || kind == QUOTED_IDENTIFIER) && wantsPart) {
      wantsPart = false;
      contiguous &= tokenStart == end;
      end = tokenEnd;
      parts++;
      return true;
    }
    return false;
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  boolean singlePart() {
    return parts == 1;
  }

  boolean isCollection() {
    return collection;
  }

  /**
   * The name as PostgreSQL reads it, or null when {@code sql[start, end)} is already exactly that
   * (the common case, which allocates nothing).
   */
  String normalized(char[] sql) {
    return contiguous && writtenAsPostgresReadsIt(sql) ? null : withoutGaps(sql);
  }

  /**
   * Whether the name has no upper-case letter to fold and no double-quoted part that PostgreSQL
   * reads the same without quotes. (A scan of the name only, no allocation.)
   */
  private boolean writtenAsPostgresReadsIt(char[] sql) {
    for (int p = start; p < end; p++) {
      char c = sql[p];
      if (c >= 'A' && c <= 'Z') {
        return false;
      } else if (c == '"') {
        int close = quoteEnd(sql, p);
        if (Identifiers.quotedNeedlessly(sql, p, close) || close > end) {
          return false;
        }
        p = close - 1;
      }
    }
    return true;
  }

  /**
   * The index just past the double-quoted run that opens at {@code open} (doubled quotes inside).
   */
  private int quoteEnd(char[] sql, int open) {
    int p = open + 1;
    while (p < end) {
      if (sql[p] == '"') {
        if (p + 1 < end && sql[p + 1] == '"') {
          p += 2;
          continue;
        }
        return p + 1;
      }
      p++;
    }
    return end + 1;
  }

  /**
   * A qualified name as PostgreSQL reads it, in SQL: without spaces or comments around its dots,
   * bare parts folded to lower case, quotes kept only where they change the name ({@code "Orders"},
   * not {@code "orders"}).
   */
  private String withoutGaps(char[] sql) {
    StringBuilder name = new StringBuilder(end - start);
    int p = start;
    while (p < end) {
      char c = sql[p];
      if (SqlLexer.isWhitespace(c)) {
        p++;
      } else if (c == '-' && p + 1 < end && sql[p + 1] == '-') {
        p = SqlLexer.lineCommentEnd(sql, p, end);
      } else if (c == '/' && p + 1 < end && sql[p + 1] == '*') {
        p = SqlLexer.blockCommentEnd(sql, p, end);
      } else if (c == '"') {
        int close = Math.min(quoteEnd(sql, p), end);
        if (Identifiers.quotedNeedlessly(sql, p, close)) {
          name.append(sql, p + 1, close - p - 2);
        } else {
          name.append(sql, p, close - p);
        }
        p = close;
      } else if (c == '`') {
        int close = p + 1;
        while (close < end && sql[close] != c) {
          close++;
        }
        name.append(sql, p, Math.min(close + 1, end) - p);
        p = close + 1;
      } else {
        name.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        p++;
      }
    }
    return name.toString();
  }
}
