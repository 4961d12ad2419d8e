package io.querylens.core.sql;

import static io.querylens.core.sql.SqlLexer.CAST;
import static io.querylens.core.sql.SqlLexer.CLOSE_BRACE;
import static io.querylens.core.sql.SqlLexer.CLOSE_BRACKET;
import static io.querylens.core.sql.SqlLexer.CLOSE_PAREN;
import static io.querylens.core.sql.SqlLexer.COLON;
import static io.querylens.core.sql.SqlLexer.COMMA;
import static io.querylens.core.sql.SqlLexer.DOT;
import static io.querylens.core.sql.SqlLexer.OPEN_BRACE;
import static io.querylens.core.sql.SqlLexer.OPEN_BRACKET;
import static io.querylens.core.sql.SqlLexer.OPEN_PAREN;
import static io.querylens.core.sql.SqlLexer.OPERATOR;
import static io.querylens.core.sql.SqlLexer.PARAMETER;
import static io.querylens.core.sql.SqlLexer.QUOTED_IDENTIFIER;
import static io.querylens.core.sql.SqlLexer.SEMICOLON;
import static io.querylens.core.sql.SqlLexer.WORD;

import java.util.Arrays;

/**
 * Writes the grouping form of a statement token by token: one canonical spacing, keywords upper
 * case, unquoted identifiers lower case (PostgreSQL folds them), every literal a {@code ?}, and
 * lists of placeholders collapsed ({@code IN (?, ?)} becomes {@code IN (?)}, repeated {@code
 * VALUES} rows become one). It also hashes what it writes into the fingerprint.
 *
 * <p>The hash streams over everything written, but only the first {@link
 * StatementShape#MAX_TEXT_CHARS} chars are kept for display, so a 10 MB statement needs no 10 MB
 * buffer — unless a collapsible list is still open, which must be kept until it closes.
 */
final class NormalizedText {

  /** Token classes beyond the lexer's kinds. */
  static final int KEYWORD = 30;

  static final int LITERAL = 31;
  private static final int NONE = 29;

  /** Canonical spacing: no space after these kinds, none before those. */
  private static final boolean[] TIGHT_AFTER = new boolean[32];

  private static final boolean[] TIGHT_BEFORE = new boolean[32];

  static {
    for (int kind : new int[] {OPEN_PAREN, OPEN_BRACKET, OPEN_BRACE, DOT, CAST, COLON}) {
      TIGHT_AFTER[kind] = true;
    }
    for (int kind :
        new int[] {
          CLOSE_PAREN, CLOSE_BRACKET, CLOSE_BRACE, COMMA, SEMICOLON, DOT, CAST, COLON, OPEN_BRACKET
        }) {
      TIGHT_BEFORE[kind] = true;
    }
  }

  private static final int CAP = StatementShape.MAX_TEXT_CHARS;

  /** Frame kinds: a list that may collapse to its first element, or a run of VALUES rows. */
  private static final int LIST = 1;

  private static final int ROWS = 2;

  /** Element states inside a collapsible list. */
  private static final int ELEMENT_EMPTY = 0;

  private static final int ELEMENT_MINUS = 1;
  private static final int ELEMENT_PLACEHOLDER = 2;
  private static final int ELEMENT_CAST = 3;

  /** VALUES states. */
  private static final int ROW_EXPECTED = 0;

  private static final int ROW_OPEN = 1;
  private static final int ROW_DONE = 2;

  private static final int MAX_FRAMES = 64;

  private char[] buf = new char[1024];
  private int len;

  /** Chars before this index are already in {@link #hash}; chars past CAP were dropped. */
  private int hashedTo;

  private long hash;
  private long droppedChars;
  private boolean dropped;

  private int lastKind;
  private int lastKeyword;
  private int lastStart;
  private boolean lastWasMinus;
  private boolean tokenIsMinus;
  private boolean lastWasString;
  private int beforeLastKind;
  private int beforeLastKeyword;

  /** Where the VALUES row being written starts; compared with the first row when it closes. */
  private int rowStart;

  private int depth;
  private int frames;
  private final int[] frameKind = new int[MAX_FRAMES];
  private final int[] frameDepth = new int[MAX_FRAMES];
  private final int[] frameState = new int[MAX_FRAMES];
  private final boolean[] frameSimple = new boolean[MAX_FRAMES];
  private final int[] frameFirstEnd = new int[MAX_FRAMES];
  private final int[] frameFirstStart = new int[MAX_FRAMES];
  private final int[] frameMark = new int[MAX_FRAMES];

  void reset() {
    len = 0;
    hashedTo = 0;
    hash = FingerprintHash.SEED;
    droppedChars = 0;
    dropped = false;
    lastKind = NONE;
    lastKeyword = 0;
    lastStart = 0;
    lastWasMinus = false;
    lastWasString = false;
    beforeLastKind = NONE;
    beforeLastKeyword = 0;
    depth = 0;
    frames = 0;
  }

  /** Memory kept between statements, so a pooled writer can be let go when it grew large. */
  int capacity() {
    return buf.length;
  }

  /**
   * A word: upper case when a keyword, else an identifier folded to lower case ({@code upperCase}:
   * whether it has upper-case letters to fold).
   */
  void word(char[] sql, int start, int end, int keyword, boolean upperCase) {
    int kind = keyword != 0 ? KEYWORD : WORD;
    beginToken(kind, keyword, end - start);
    if (keyword != 0) {
      char[] text = Keywords.text(keyword);
      System.arraycopy(text, 0, buf, len, text.length);
      len += text.length;
    } else if (!upperCase) {
      // An ORM's select list is mostly lower-case identifiers, and a char-by-char folding loop
      // was the fingerprinter's hottest line.
      System.arraycopy(sql, start, buf, len, end - start);
      len += end - start;
    } else {
      char[] out = buf;
      int at = len;
      for (int i = start; i < end; i++) {
        char c = sql[i];
        out[at++] = (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
      }
      len = at;
    }
    endToken(kind, keyword);
    if (keyword == Keywords.VALUES) {
      pushFrame(ROWS, depth);
    }
  }

  /**
   * A literal becomes {@code ?}. A minus sign right before a number, where it cannot be binary,
   * joins the literal (PostgreSQL folds {@code -1} into one constant); adjacent strings separated
   * by a line break are one literal in SQL.
   */
  void literal(boolean string, boolean lineBreakBefore) {
    if (string && lastWasString && lineBreakBefore) {
      return;
    }
    if (!string && lastWasMinus && !endsOperand(beforeLastKind, beforeLastKeyword)) {
      len = lastStart;
      lastKind = beforeLastKind;
      lastKeyword = beforeLastKeyword;
      beforeLastKind = NONE;
      beforeLastKeyword = 0;
      lastWasMinus = false;
      // The minus already moved the list element state; the literal completes it below.
    }
    beginToken(LITERAL, 0);
    buf[len++] = '?';
    endToken(LITERAL, 0);
    lastWasString = string;
  }

  /**
   * Any other token but a comma or a bracket, written as it is: operators, dots, quoted names; a
   * bind marker as {@code ?}, whether JDBC's {@code ?} or PostgreSQL's {@code $n}, so that a
   * pg_stat_statements text ({@code $n} for every constant) and the application's ({@code ?} or
   * literals) of one shape share its fingerprint. (One method for all would be too big for the JIT
   * to inline into the token loop.)
   */
  void verbatim(int kind, char[] sql, int start, int end) {
    boolean minus = kind == OPERATOR && end - start == 1 && sql[start] == '-';
    tokenIsMinus = minus;
    beginToken(kind, 0, end - start);
    tokenIsMinus = false;
    if (kind == PARAMETER) {
      buf[len++] = '?';
    } else if (end - start == 1) {
      buf[len++] = sql[start];
    } else {
      System.arraycopy(sql, start, buf, len, end - start);
      len += end - start;
    }
    endToken(kind, 0);
    lastWasMinus = minus;
  }

  /**
   * Whether a literal then a comma are due to repeat what the last two tokens did: right after
   * "literal ," with no VALUES run at this depth (a literal would end it).
   */
  boolean afterLiteralAndComma() {
    if (lastKind != COMMA || beforeLastKind != LITERAL) {
      return false;
    }
    int top = frames - 1;
    return top < 0 || frameDepth[top] != depth || frameKind[top] == LIST;
  }

  /**
   * Exactly what {@link #literal} then {@link #comma} write and change after {@link
   * #afterLiteralAndComma}: " ?," (a list element that keeps its list simple) and nothing else.
   */
  void repeatLiteralAndComma() {
    flushIfLong();
    ensure(2);
    buf[len++] = ' ';
    buf[len++] = '?';
    flushIfLong();
    lastStart = len;
    ensure(1);
    buf[len++] = ',';
  }

  /**
   * The width of a VALUES row of plain placeholders that would collapse right now, or 0. That is:
   * just after the comma that follows a row, where the first row reads {@code (?, .., ?)} and every
   * row so far collapsed into it. Such a row then leaves no trace here (it is written, matched and
   * cut again), so the caller may skip it.
   */
  int collapsingRowWidth() {
    int top = frames - 1;
    if (top < 0
        || frameKind[top] != ROWS
        || frameDepth[top] != depth
        || frameState[top] != ROW_EXPECTED
        || lastKind != COMMA
        || beforeLastKind != CLOSE_PAREN
        || frameFirstEnd[top] != frameMark[top]) {
      return 0;
    }
    int start = frameFirstStart[top];
    int chars = frameFirstEnd[top] - start;
    int width = chars / 3;
    if (width < 1 || chars != width * 3 || buf[start] != '(' || buf[start + 1] != '?') {
      return 0;
    }
    for (int i = 1; i < width; i++) {
      int at = start + 3 * i;
      if (buf[at - 1] != ',' || buf[at] != ' ' || buf[at + 1] != '?') {
        return 0;
      }
    }
    return buf[start + chars - 1] == ')' ? width : 0;
  }

  /** An opening parenthesis or bracket: it may open a collapsible list or a VALUES row. */
  void open(int kind) {
    boolean list =
        (kind == OPEN_PAREN && lastKeyword == Keywords.IN)
            || (kind == OPEN_BRACKET && lastKeyword == Keywords.ARRAY);
    int top = frames - 1;
    boolean row =
        kind == OPEN_PAREN
            && top >= 0
            && frameKind[top] == ROWS
            && frameDepth[top] == depth
            && frameState[top] == ROW_EXPECTED;
    beginToken(kind, 0);
    int at = len;
    buf[len++] = kind == OPEN_PAREN ? '(' : '[';
    endToken(kind, 0);
    depth++;
    if (row) {
      frameState[top] = ROW_OPEN;
      if (frameFirstEnd[top] < 0) {
        frameFirstStart[top] = at;
      }
      rowStart = at;
    }
    if (list) {
      pushFrame(LIST, depth);
    }
  }

  /** A closing parenthesis or bracket: it may collapse a list or a repeated VALUES row. */
  void close(int kind) {
    int top = frames - 1;
    if (top >= 0 && frameKind[top] == LIST && frameDepth[top] == depth) {
      boolean complete = frameState[top] == ELEMENT_PLACEHOLDER || frameState[top] == ELEMENT_CAST;
      if (frameSimple[top] && complete && frameFirstEnd[top] >= 0) {
        len = frameFirstEnd[top];
      }
      frames--;
    }
    // Lists left open by unbalanced brackets cannot collapse any more.
    while (frames > 0 && frameDepth[frames - 1] > depth - 1 && frameKind[frames - 1] == LIST) {
      frames--;
    }
    beginToken(kind, 0);
    buf[len++] = kind == CLOSE_PAREN ? ')' : ']';
    endToken(kind, 0);
    if (depth > 0) {
      depth--;
    }
    top = frames - 1;
    if (top >= 0 && frameKind[top] == ROWS && frameDepth[top] == depth) {
      if (frameState[top] == ROW_OPEN) {
        if (frameFirstEnd[top] < 0) {
          frameFirstEnd[top] = len;
        } else if (sameChars(frameFirstStart[top], frameFirstEnd[top], rowStart, len)) {
          len = frameMark[top];
        }
        frameState[top] = ROW_DONE;
      } else {
        frames--;
      }
    }
  }

  void comma() {
    int top = frames - 1;
    int before = len;
    beginToken(COMMA, 0);
    buf[len++] = ',';
    endToken(COMMA, 0);
    if (top >= 0 && top < frames && frameDepth[top] == depth) {
      if (frameKind[top] == LIST) {
        int state = frameState[top];
        if (state != ELEMENT_PLACEHOLDER && state != ELEMENT_CAST) {
          frameSimple[top] = false;
        }
        if (frameFirstEnd[top] < 0) {
          frameFirstEnd[top] = before;
        }
        frameState[top] = ELEMENT_EMPTY;
      } else if (frameState[top] == ROW_DONE) {
        frameMark[top] = before;
        frameState[top] = ROW_EXPECTED;
      }
    }
  }

  private void pushFrame(int kind, int atDepth) {
    if (frames == MAX_FRAMES) {
      return;
    }
    frameKind[frames] = kind;
    frameDepth[frames] = atDepth;
    frameState[frames] = kind == LIST ? ELEMENT_EMPTY : ROW_EXPECTED;
    frameSimple[frames] = true;
    frameFirstEnd[frames] = -1;
    frameFirstStart[frames] = -1;
    frameMark[frames] = -1;
    frames++;
  }

  /**
   * Before a one-char token: end VALUES runs and track list elements, then write the canonical
   * separator and flush the hash when the text grows long. Leaves room for the token.
   */
  private void beginToken(int kind, int keyword) {
    beginToken(kind, keyword, 1);
  }

  /**
   * As {@link #beginToken(int, int)}, making room for the separator and a token of {@code chars}.
   */
  private void beginToken(int kind, int keyword, int chars) {
    ensure(1 + chars);
    trackFrames(kind, keyword);
    if (!lastWasMinus) {
      flushIfLong();
    }
    lastStart = len;
    if (len > 0 && needsSpace(lastKind, lastKeyword, kind, keyword)) {
      buf[len++] = ' ';
    }
  }

  private void endToken(int kind, int keyword) {
    beforeLastKind = lastKind;
    beforeLastKeyword = lastKeyword;
    lastKind = kind;
    lastKeyword = keyword;
    lastWasMinus = false;
    lastWasString = false;
  }

  private void trackFrames(int kind, int keyword) {
    int top = frames - 1;
    if (top < 0 || frameDepth[top] != depth) {
      return;
    }
    if (frameKind[top] == ROWS) {
      boolean continuesRows =
          (kind == OPEN_PAREN && frameState[top] == ROW_EXPECTED)
              || (kind == COMMA && frameState[top] == ROW_DONE);
      if (!continuesRows) {
        frames--;
      }
      return;
    }
    if (kind == CLOSE_PAREN || kind == CLOSE_BRACKET || kind == COMMA) {
      return;
    }
    int state = frameState[top];
    if (kind == LITERAL || kind == PARAMETER) {
      frameState[top] =
          state == ELEMENT_EMPTY || state == ELEMENT_MINUS ? ELEMENT_PLACEHOLDER : markComplex(top);
    } else if (kind == OPERATOR && tokenIsMinus && state == ELEMENT_EMPTY) {
      frameState[top] = ELEMENT_MINUS;
    } else if (kind == CAST && state == ELEMENT_PLACEHOLDER) {
      frameState[top] = ELEMENT_CAST;
    } else if ((kind == WORD || kind == KEYWORD || kind == QUOTED_IDENTIFIER || kind == DOT)
        && state == ELEMENT_CAST) {
      // A type name after "::", possibly several words ("double precision") or qualified.
    } else {
      markComplex(top);
    }
  }

  private int markComplex(int top) {
    frameSimple[top] = false;
    return ELEMENT_PLACEHOLDER;
  }

  private static boolean endsOperand(int kind, int keyword) {
    switch (kind) {
      case WORD:
      case QUOTED_IDENTIFIER:
      case LITERAL:
      case PARAMETER:
      case CLOSE_PAREN:
      case CLOSE_BRACKET:
        return true;
      case KEYWORD:
        return Keywords.has(keyword, Keywords.ENDS_OPERAND);
      default:
        return false;
    }
  }

  private static boolean needsSpace(int last, int lastKeyword, int kind, int keyword) {
    if (TIGHT_AFTER[last] || TIGHT_BEFORE[kind]) {
      return false;
    }
    if (kind == OPEN_PAREN) {
      // A call or column list hugs its name: "count(*)", "orders(id)"; "IN (" does not.
      return !(last == WORD
          || last == QUOTED_IDENTIFIER
          || (last == KEYWORD && Keywords.has(lastKeyword, Keywords.CALL_LIKE)));
    }
    return true;
  }

  private boolean sameChars(int aStart, int aEnd, int bStart, int bEnd) {
    if (aEnd - aStart != bEnd - bStart) {
      return false;
    }
    for (int i = 0; i < aEnd - aStart; i++) {
      if (buf[aStart + i] != buf[bStart + i]) {
        return false;
      }
    }
    return true;
  }

  /** Outside collapsible lists, long text is hashed and let go as it is written. */
  private void flushIfLong() {
    if (frames == 0 && len - hashedTo >= 2 * CAP) {
      flush();
    }
  }

  /** Hashes the written chars and drops those past the display cap. */
  private void flush() {
    int blocks = (len - hashedTo) & ~3;
    hash = FingerprintHash.blocks(hash, buf, hashedTo, hashedTo + blocks);
    hashedTo += blocks;
    if (hashedTo > CAP) {
      int keep = len - hashedTo;
      System.arraycopy(buf, hashedTo, buf, CAP, keep);
      droppedChars += hashedTo - CAP;
      dropped = true;
      len = CAP + keep;
      hashedTo = CAP;
    }
  }

  private void ensure(int extra) {
    if (len + extra + 1 > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra + 16));
    }
  }

  long fingerprint() {
    long h = FingerprintHash.blocks(hash, buf, hashedTo, hashedTo + ((len - hashedTo) & ~3));
    int tail = hashedTo + ((len - hashedTo) & ~3);
    return FingerprintHash.finish(h, buf, tail, len, droppedChars + len);
  }

  boolean truncated() {
    return dropped || len > CAP;
  }

  String text() {
    return len == 0 ? "" : new String(buf, 0, Math.min(len, CAP));
  }
}
