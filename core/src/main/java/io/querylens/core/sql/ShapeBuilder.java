package io.querylens.core.sql;

import static io.querylens.core.sql.SqlLexer.CLOSE_BRACKET;
import static io.querylens.core.sql.SqlLexer.CLOSE_PAREN;
import static io.querylens.core.sql.SqlLexer.COMMA;
import static io.querylens.core.sql.SqlLexer.DOT;
import static io.querylens.core.sql.SqlLexer.EOF;
import static io.querylens.core.sql.SqlLexer.NUMBER;
import static io.querylens.core.sql.SqlLexer.OPEN_BRACKET;
import static io.querylens.core.sql.SqlLexer.OPEN_PAREN;
import static io.querylens.core.sql.SqlLexer.QUOTED_IDENTIFIER;
import static io.querylens.core.sql.SqlLexer.STRING;
import static io.querylens.core.sql.SqlLexer.WORD;

/**
 * One pass over a statement: the lexer's tokens go to the sanitized text, the normalized text (and
 * its hash) and the summary at once. Reusable — {@link SqlFingerprinter} pools a few so that a call
 * allocates little beyond its result.
 */
final class ShapeBuilder {

  /** A builder whose buffers grew past this many chars is not pooled again. */
  static final int MAX_POOLED_CAPACITY = 64 * 1024;

  private final SanitizedText sanitized = new SanitizedText();
  private final SqlLexer lexer = new SqlLexer(sanitized);
  private final NormalizedText normalized = new NormalizedText();
  private final QuerySummary summary = new QuerySummary();
  private final LiteralRun run = new LiteralRun();

  /** Paren depth, and where an ORDER BY / GROUP BY list is open (-1: none). */
  private int depth;

  private int positionalListDepth;
  private boolean atListItemStart;
  private int previousKeyword;

  /** The statement's chars: lexing an array beats String.charAt's bounds and coder checks. */
  private char[] chars = new char[1024];

  StatementShape build(String text) {
    int length = text.length();
    if (length > chars.length) {
      chars = new char[Math.max(length, chars.length * 2)];
    }
    text.getChars(0, length, chars, 0);
    char[] sql = chars;
    lexer.reset(sql, length, text);
    sanitized.reset(sql);
    normalized.reset();
    summary.reset(sql);
    depth = 0;
    positionalListDepth = -1;
    atListItemStart = false;
    previousKeyword = 0;
    while (true) {
      int kind = lexer.next();
      int start = lexer.start;
      int end = lexer.end;
      if (kind == EOF) {
        break;
      }
      int keyword = 0;
      if (kind == WORD) {
        keyword = Keywords.lookup(sql, start, end, lexer.wordKey);
        if (keyword != 0 && Keywords.has(keyword, Keywords.LITERAL)) {
          sanitized.placeholder(start, end);
          normalized.literal(false, false);
          if (!summary.passedBy(NUMBER, 0)) {
            summary.react(NUMBER, 0, start, end);
          }
          continue;
        }
        normalized.word(sql, start, end, keyword, lexer.wordHasUpperCase);
      } else if (kind == NUMBER && atListItemStart && isPlainInteger(sql, start, end)) {
        // "ORDER BY 2" names a column by position: not a value, and it changes the query.
        normalized.verbatim(kind, sql, start, end);
      } else if (kind == STRING || kind == NUMBER) {
        sanitized.placeholder(start, end);
        normalized.literal(kind == STRING, kind == STRING && lexer.gapHasLineBreak());
      } else if (kind == COMMA) {
        normalized.comma();
      } else if (kind == OPEN_PAREN || kind == OPEN_BRACKET) {
        normalized.open(kind);
      } else if (kind == CLOSE_PAREN || kind == CLOSE_BRACKET) {
        normalized.close(kind);
      } else if (kind == QUOTED_IDENTIFIER && Identifiers.quotedNeedlessly(sql, start, end)) {
        // PostgreSQL reads "customers" as customers: one statement, one fingerprint.
        normalized.verbatim(kind, sql, start + 1, end - 1);
      } else {
        normalized.verbatim(kind, sql, start, end);
      }
      if (!summary.passedBy(kind, keyword)) {
        summary.react(kind, keyword, start, end);
      }
      followPositionalLists(kind, keyword);
      if (kind == COMMA && !atListItemStart) {
        skipRepeats(sql, length);
      }
    }
    sanitized.finish(length);
    summary.finish();
    return new StatementShape(
        sanitized.text(),
        normalized.text(),
        Fingerprint.of(normalized.fingerprint()),
        summary.summary(),
        summary.operationName(),
        summary.collectionNames(),
        sanitized.truncated() || normalized.truncated());
  }

  /**
   * Long statements are mostly repeats: the 2nd..100th literal of an IN list, the 2nd..500th row of
   * a multi-row INSERT. After a comma that ends such a repeat, the state of every stage is already
   * what the next identical repeat would leave it in (the summary and the positional lists ignore
   * literals, commas and balanced parentheses; see the NormalizedText methods for its part). So a
   * repeat costs only a scan of its chars and a ? in the sanitized text per literal.
   */
  private void skipRepeats(char[] sql, int length) {
    int at = lexer.position();
    if (normalized.afterLiteralAndComma()) {
      while (run.literalThenComma(sql, at, length)) {
        at = sanitizeRunLiterals();
        normalized.repeatLiteralAndComma();
      }
    } else if (positionalListDepth < 0) {
      int width = normalized.collapsingRowWidth();
      if (width > 0) {
        while (run.rowThenComma(sql, at, length, width)) {
          at = sanitizeRunLiterals();
        }
      }
    }
    lexer.resumeAt(at);
  }

  private int sanitizeRunLiterals() {
    for (int i = 0; i < run.count; i++) {
      sanitized.placeholder(run.starts[i], run.ends[i]);
    }
    return run.end;
  }

  private void followPositionalLists(int kind, int keyword) {
    if (keyword == 0 && (kind == WORD || kind == DOT)) {
      // Most tokens, and they change nothing here but end a list item's start.
      atListItemStart = false;
      previousKeyword = 0;
      return;
    }
    if (kind == OPEN_PAREN || kind == OPEN_BRACKET) {
      depth++;
    } else if ((kind == CLOSE_PAREN || kind == CLOSE_BRACKET) && depth > 0) {
      depth--;
      if (depth < positionalListDepth) {
        positionalListDepth = -1;
      }
    }
    boolean orderOrGroupBy =
        keyword == Keywords.BY
            && (previousKeyword == Keywords.ORDER || previousKeyword == Keywords.GROUP);
    if (orderOrGroupBy) {
      positionalListDepth = depth;
    } else if (kind == WORD && keyword != 0 && Keywords.has(keyword, Keywords.ENDS_FROM_LIST)) {
      positionalListDepth = -1;
    }
    atListItemStart = orderOrGroupBy || (kind == COMMA && depth == positionalListDepth);
    previousKeyword = kind == WORD ? keyword : 0;
  }

  private static boolean isPlainInteger(char[] sql, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = sql[i];
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  boolean worthPooling() {
    return normalized.capacity() <= MAX_POOLED_CAPACITY && chars.length <= MAX_POOLED_CAPACITY;
  }
}
