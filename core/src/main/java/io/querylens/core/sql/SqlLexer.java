package io.querylens.core.sql;

import java.util.Arrays;

/**
 * Splits SQL into tokens in one pass over its chars, following PostgreSQL's lexical rules (which
 * are a superset of what JDBC drivers send). It never fails: an unterminated string or comment runs
 * to the end, and any char it does not know is a token of its own.
 *
 * <p>A cursor, not a list: {@link #next()} returns the kind and leaves the bounds in {@link
 * #start}/{@link #end}, so lexing allocates nothing.
 */
final class SqlLexer {

  static final int EOF = 0;
  static final int WORD = 1;
  static final int QUOTED_IDENTIFIER = 2;
  static final int STRING = 3;
  static final int NUMBER = 4;
  static final int PARAMETER = 5;
  static final int OPERATOR = 6;
  static final int OPEN_PAREN = 7;
  static final int CLOSE_PAREN = 8;
  static final int OPEN_BRACKET = 9;
  static final int CLOSE_BRACKET = 10;
  static final int OPEN_BRACE = 11;
  static final int CLOSE_BRACE = 12;
  static final int COMMA = 13;
  static final int SEMICOLON = 14;
  static final int DOT = 15;
  static final int CAST = 16;
  static final int COLON = 17;
  static final int OTHER = 18;

  /** Longer {@code $tag$} delimiters are not taken as dollar quotes, keeping the scan linear. */
  private static final int MAX_DOLLAR_TAG = 64;

  private char[] sql = new char[0];
  private String text = "";
  private int length;
  private int pos;

  /** Bounds of the current token. */
  int start;

  int end;

  /** Where the whitespace and comments before the current token begin. */
  int gapStart;

  /**
   * Told of each gap between tokens that holds comments, with where they begin and end (in pairs),
   * so that it can drop them without reading them again.
   */
  interface CommentSink {
    void gapWithComments(int start, int end, int[] comments, int count);
  }

  /**
   * Told from {@link #scan}, not by the caller after each token: the token loop stays smaller
   * without the (rare) comment handling in it, and measurably faster.
   */
  private final CommentSink commentSink;

  private int[] comments = new int[16];
  private int commentCount;

  /** For a {@link #WORD}: whether it has an ASCII upper-case letter. */
  boolean wordHasUpperCase;

  /** For a {@link #WORD}: its {@link Keywords#addToKey key}, or 0 when it has none. */
  long wordKey;

  SqlLexer(CommentSink commentSink) {
    this.commentSink = commentSink;
  }

  /** A lexer for which comments are whitespace. */
  SqlLexer() {
    this((start, end, comments, count) -> {});
  }

  /**
   * Lexes {@code sql[0, length)}; the array is the caller's and is not copied. {@code text} holds
   * the same chars: comments are searched in it, where {@code String.indexOf} is vectorized.
   */
  void reset(char[] sql, int length, String text) {
    this.sql = sql;
    this.text = text;
    this.length = length;
    this.pos = 0;
    this.start = 0;
    this.end = 0;
    this.gapStart = 0;
  }

  /** Where the next token's gap begins. */
  int position() {
    return pos;
  }

  /** Continues after chars that the caller consumed itself; {@code at} is a token boundary. */
  void resumeAt(int at) {
    pos = at;
  }

  /**
   * The next token. Only what most tokens are — a word or a punctuation char, after nothing or
   * plain spaces — is read here: the JIT inlines this into the token loop only while its machine
   * code stays under 2,500 bytes ({@code -XX:InlineSmallCode}), and a call per token cost more than
   * a comma or a dot itself. Everything else is {@link #scan}'s. This split, and the ones like it
   * in {@link NormalizedText#verbatim} and {@code QuerySummary.passedBy/react}, exist only for the
   * JIT: {@code benchmarks/.../sql/SqlFingerprintBenchmark} guards them (docs/performance.md,
   * "Fingerprinting"); a change here is measured there before and after.
   */
  int next() {
    int p = pos;
    gapStart = p;
    while (p < length && sql[p] == ' ') {
      p++;
    }
    if (p < length) {
      char c = sql[p];
      int single = c < 0x80 ? SINGLE_CHAR_KINDS[c] : 0;
      if (single == WORD) {
        // Not E'..', B'..', U&'..' and the like, which are strings.
        if (!(p + 1 < length && (sql[p + 1] == '\'' || sql[p + 1] == '&'))) {
          start = p;
          pos = end = scanWord(p);
          return WORD;
        }
      } else if (single != 0 && !(single == DOT && p + 1 < length && isDigit(sql[p + 1]))) {
        start = p;
        pos = end = p + 1;
        return single;
      }
    }
    pos = p;
    int kind = scan();
    end = pos;
    return kind;
  }

  /** Whether the gap before the current token holds a line break (string continuation). */
  boolean gapHasLineBreak() {
    for (int i = gapStart; i < start; i++) {
      char c = sql[i];
      if (c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  static boolean isWhitespace(char c) {
    return c < 0x80 && CLASSES[c] == SPACE;
  }

  /** ASCII char classes, one table lookup instead of a chain of comparisons. */
  private static final byte SPACE = 1;

  private static final byte IDENTIFIER_START = 2;
  private static final byte IDENTIFIER_PART = 4;
  private static final byte DIGIT = 8;
  private static final byte UPPER_CASE = 16;

  /** Not in the table: what a word's chars have seen when one was outside ASCII. */
  private static final int NOT_ASCII = 32;

  private static final byte[] CLASSES = new byte[128];

  static {
    for (char c : " \n\t\r\f\u000b".toCharArray()) {
      CLASSES[c] = SPACE;
    }
    for (int c = 0; c < 128; c++) {
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        CLASSES[c] = IDENTIFIER_START | IDENTIFIER_PART;
        if (c >= 'A' && c <= 'Z') {
          CLASSES[c] |= UPPER_CASE;
        }
      } else if (c >= '0' && c <= '9') {
        CLASSES[c] = IDENTIFIER_PART | DIGIT;
      }
    }
    CLASSES['$'] = IDENTIFIER_PART;
  }

  /**
   * For {@link #next}: the kind of each char that is a token by itself (a dot unless a digit
   * follows), or {@link #WORD} for a char that starts a word.
   */
  private static final byte[] SINGLE_CHAR_KINDS = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      if ((CLASSES[c] & IDENTIFIER_START) != 0) {
        SINGLE_CHAR_KINDS[c] = WORD;
      }
    }
    SINGLE_CHAR_KINDS['('] = OPEN_PAREN;
    SINGLE_CHAR_KINDS[')'] = CLOSE_PAREN;
    SINGLE_CHAR_KINDS['['] = OPEN_BRACKET;
    SINGLE_CHAR_KINDS[']'] = CLOSE_BRACKET;
    SINGLE_CHAR_KINDS['{'] = OPEN_BRACE;
    SINGLE_CHAR_KINDS['}'] = CLOSE_BRACE;
    SINGLE_CHAR_KINDS[','] = COMMA;
    SINGLE_CHAR_KINDS[';'] = SEMICOLON;
    SINGLE_CHAR_KINDS['.'] = DOT;
  }

  static boolean isIdentifierStart(char c) {
    return c >= 0x80 || (CLASSES[c] & IDENTIFIER_START) != 0;
  }

  static boolean isIdentifierPart(char c) {
    return c >= 0x80 || (CLASSES[c] & IDENTIFIER_PART) != 0;
  }

  private static boolean isOperatorChar(char c) {
    switch (c) {
      case '+':
      case '-':
      case '*':
      case '/':
      case '<':
      case '>':
      case '=':
      case '~':
      case '!':
      case '@':
      case '#':
      case '%':
      case '^':
      case '&':
      case '|':
      case '`':
        return true;
      default:
        return false;
    }
  }

  private void skipWhitespaceAndComments() {
    while (pos < length) {
      char c = sql[pos];
      if (c > ' ' && c != '-' && c != '/') {
        return;
      }
      if (isWhitespace(c)) {
        pos++;
      } else if (c == '-' && pos + 1 < length && sql[pos + 1] == '-') {
        comment(lineCommentEnd(sql, pos, length));
      } else if (c == '/' && pos + 1 < length && sql[pos + 1] == '*') {
        comment(blockCommentEnd(text, pos, length));
      } else {
        return;
      }
    }
  }

  private void comment(int commentEnd) {
    if (2 * commentCount + 2 > comments.length) {
      comments = Arrays.copyOf(comments, comments.length * 2);
    }
    comments[2 * commentCount] = pos;
    comments[2 * commentCount + 1] = commentEnd;
    commentCount++;
    pos = commentEnd;
  }

  /** The index after a {@code --} comment: its line break stays whitespace. */
  static int lineCommentEnd(char[] sql, int from, int length) {
    int p = from + 2;
    while (p < length) {
      char c = sql[p];
      if (c == '\n' || c == '\r') {
        return p;
      }
      p++;
    }
    return p;
  }

  /**
   * {@link #blockCommentEnd(char[], int, int)} over the statement's String: only its slashes are
   * looked at, found by the vectorized {@code indexOf}, since a comment ends or nests only there.
   */
  static int blockCommentEnd(String text, int from, int length) {
    int depth = 1;
    int p = from + 2;
    while (true) {
      int slash = text.indexOf('/', p);
      if (slash < 0 || slash >= length) {
        return length;
      }
      // A '*' before p was part of an opener already counted: "/*/" does not close.
      if (slash - 1 >= p && text.charAt(slash - 1) == '*') {
        if (--depth == 0) {
          return slash + 1;
        }
        p = slash + 1;
      } else if (slash + 1 < length && text.charAt(slash + 1) == '*') {
        depth++;
        p = slash + 2;
      } else {
        p = slash + 1;
      }
    }
  }

  /** The index after a {@code /* *}{@code /} comment, which nests in PostgreSQL. */
  static int blockCommentEnd(char[] sql, int from, int length) {
    int depth = 1;
    int p = from + 2;
    while (p < length) {
      char c = sql[p];
      if (c > '/') {
        // Letters and most other text: neither '*' nor '/', one comparison.
        p++;
        continue;
      }
      if (c == '*' && p + 1 < length && sql[p + 1] == '/') {
        p += 2;
        if (--depth == 0) {
          return p;
        }
      } else if (c == '/' && p + 1 < length && sql[p + 1] == '*') {
        p += 2;
        depth++;
      } else {
        p++;
      }
    }
    return p;
  }

  /**
   * Every token that {@link #next} leaves (after other whitespace or comments, strings, numbers,
   * operators, the end), read up to {@link #pos}. One method on purpose, and over the 325 bytecode
   * bytes ({@code -XX:FreqInlineSize}) the JIT inlines: inlined, it would make next() too big to
   * inline.
   */
  private int scan() {
    commentCount = 0;
    skipWhitespaceAndComments();
    if (commentCount > 0) {
      commentSink.gapWithComments(gapStart, pos, comments, commentCount);
    }
    start = pos;
    if (pos >= length) {
      return EOF;
    }
    char c = sql[pos];
    if (isIdentifierStart(c)) {
      return scanWordOrPrefixedString(c);
    }
    if (c >= '0' && c <= '9') {
      return scanNumber();
    }
    switch (c) {
      case '\'':
        pos = quotedEnd(pos + 1, '\'', false);
        return STRING;
      case '"':
        pos = quotedEnd(pos + 1, '"', false);
        return QUOTED_IDENTIFIER;
      case '`':
        pos = quotedEnd(pos + 1, '`', false);
        return QUOTED_IDENTIFIER;
      case '$':
        return scanDollar();
      case '?':
        return scanQuestionMark();
      case '(':
        pos++;
        return OPEN_PAREN;
      case ')':
        pos++;
        return CLOSE_PAREN;
      case '[':
        pos++;
        return OPEN_BRACKET;
      case ']':
        pos++;
        return CLOSE_BRACKET;
      case '{':
        pos++;
        return OPEN_BRACE;
      case '}':
        pos++;
        return CLOSE_BRACE;
      case ',':
        pos++;
        return COMMA;
      case ';':
        pos++;
        return SEMICOLON;
      case '.':
        if (pos + 1 < length && isDigit(sql[pos + 1])) {
          return scanNumber();
        }
        pos++;
        return DOT;
      case ':':
        if (pos + 1 < length && sql[pos + 1] == ':') {
          pos += 2;
          return CAST;
        }
        pos++;
        return COLON;
      default:
        if (isOperatorChar(c)) {
          return scanOperator();
        }
        pos++;
        return OTHER;
    }
  }

  private int scanWordOrPrefixedString(char c) {
    if (pos + 1 < length) {
      char next = sql[pos + 1];
      if (next == '\'') {
        switch (c) {
          case 'e':
          case 'E':
            pos = quotedEnd(pos + 2, '\'', true);
            return STRING;
          case 'b':
          case 'B':
          case 'x':
          case 'X':
          case 'n':
          case 'N':
            pos = quotedEnd(pos + 2, '\'', false);
            return STRING;
          default:
            break;
        }
      } else if ((c == 'u' || c == 'U') && next == '&' && pos + 2 < length) {
        char quote = sql[pos + 2];
        if (quote == '\'') {
          pos = quotedEnd(pos + 3, '\'', false);
          return STRING;
        }
        if (quote == '"') {
          pos = quotedEnd(pos + 3, '"', false);
          return QUOTED_IDENTIFIER;
        }
      }
    }
    pos = scanWord(pos);
    return WORD;
  }

  private int scanWord(int from) {
    // Noting upper case and building the keyword key on the way cost an OR and a shift per char;
    // they spare the normalized text a lower-casing pass over the many words ORMs write in lower
    // case already, and the keyword lookup a char-by-char match.
    char first = sql[from];
    int seen = first < 0x80 ? CLASSES[first] : NOT_ASCII;
    long key = Keywords.addToKey(0, first);
    int p = from + 1;
    while (p < length) {
      char c = sql[p];
      if (c < 0x80) {
        int charClass = CLASSES[c];
        if ((charClass & IDENTIFIER_PART) == 0) {
          break;
        }
        seen |= charClass;
      } else {
        seen |= NOT_ASCII;
      }
      key = Keywords.addToKey(key, c);
      p++;
    }
    wordHasUpperCase = (seen & UPPER_CASE) != 0;
    wordKey = (seen & NOT_ASCII) == 0 && p - from <= Keywords.KEY_CHARS ? key : 0;
    return p;
  }

  /**
   * The index after a quoted run that starts at {@code from} (just past the opening quote); a
   * doubled quote stands for itself, and so does a backslash-escaped one in {@code E'..'}.
   */
  private int quotedEnd(int from, char quote, boolean backslashEscapes) {
    int p = from;
    while (p < length) {
      char c = sql[p];
      if (c == quote) {
        if (p + 1 < length && sql[p + 1] == quote) {
          p += 2;
          continue;
        }
        return p + 1;
      }
      if (c == '\\' && backslashEscapes) {
        p += 2;
        continue;
      }
      p++;
    }
    return length;
  }

  private static boolean isDigit(char c) {
    return c < 0x80 && (CLASSES[c] & DIGIT) != 0;
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Decimal, {@code .5}, exponents, and PostgreSQL 16's 0x/0o/0b prefixes and _ separators. */
  private int scanNumber() {
    char first = sql[pos];
    if (first == '0' && pos + 2 < length) {
      char radix = sql[pos + 1];
      if ((radix == 'x' || radix == 'X') && isHexDigit(sql[pos + 2])) {
        pos += 2;
        while (pos < length && (isHexDigit(sql[pos]) || sql[pos] == '_')) {
          pos++;
        }
        return NUMBER;
      }
      if ((radix == 'o' || radix == 'O' || radix == 'b' || radix == 'B') && isDigit(sql[pos + 2])) {
        pos += 2;
        while (pos < length && (isDigit(sql[pos]) || sql[pos] == '_')) {
          pos++;
        }
        return NUMBER;
      }
    }
    skipDigits();
    if (pos < length && sql[pos] == '.') {
      // "1..2" is an integer then an operator-like range, as in PostgreSQL.
      if (!(pos + 1 < length && sql[pos + 1] == '.')) {
        pos++;
        skipDigits();
      }
    }
    if (pos < length && (sql[pos] == 'e' || sql[pos] == 'E')) {
      int p = pos + 1;
      if (p < length && (sql[p] == '+' || sql[p] == '-')) {
        p++;
      }
      if (p < length && isDigit(sql[p])) {
        pos = p;
        skipDigits();
      }
    }
    return NUMBER;
  }

  private void skipDigits() {
    int p = pos;
    while (p < length) {
      char c = sql[p];
      if (isDigit(c) || (c == '_' && p + 1 < length && isDigit(sql[p + 1]))) {
        p++;
      } else {
        break;
      }
    }
    pos = p;
  }

  /** {@code $1} is a bind marker; {@code $$..$$} and {@code $tag$..$tag$} are strings. */
  private int scanDollar() {
    int p = pos + 1;
    if (p < length && isDigit(sql[p])) {
      while (p < length && isDigit(sql[p])) {
        p++;
      }
      pos = p;
      return PARAMETER;
    }
    int tagStart = pos;
    if (p < length && isIdentifierStart(sql[p])) {
      p++;
      while (p < length && p - tagStart <= MAX_DOLLAR_TAG) {
        char c = sql[p];
        if (c == '$' || !(isIdentifierStart(c) || isDigit(c))) {
          break;
        }
        p++;
      }
    }
    if (p < length && sql[p] == '$') {
      int tagLength = p + 1 - tagStart;
      pos = dollarQuoteEnd(p + 1, tagStart, tagLength);
      return STRING;
    }
    pos++;
    return OTHER;
  }

  private int dollarQuoteEnd(int from, int tagStart, int tagLength) {
    int p = from;
    while (p < length) {
      if (sql[p] == '$' && sameRun(p, tagStart, tagLength)) {
        return p + tagLength;
      }
      p++;
    }
    return length;
  }

  private boolean sameRun(int at, int other, int count) {
    if (at + count > length) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (sql[at + i] != sql[other + i]) {
        return false;
      }
    }
    return true;
  }

  /** JDBC's bind marker; {@code ??} is pgjdbc's escape for PostgreSQL's {@code ?} operators. */
  private int scanQuestionMark() {
    if (pos + 1 < length && sql[pos + 1] == '?') {
      pos += 2;
      while (pos < length && (isOperatorChar(sql[pos]) || sql[pos] == '?')) {
        pos++;
      }
      return OPERATOR;
    }
    pos++;
    return PARAMETER;
  }

  /**
   * A run of operator chars, cut before a comment start, and (as PostgreSQL does) without a
   * trailing + or - unless the run holds one of ~!@#%^&|` — so {@code =-1} is "=" then "-1".
   */
  private int scanOperator() {
    int p = pos;
    boolean special = false;
    while (p < length) {
      char c = sql[p];
      if (!isOperatorChar(c)) {
        break;
      }
      if (p > pos
          && p + 1 < length
          && ((c == '-' && sql[p + 1] == '-') || (c == '/' && sql[p + 1] == '*'))) {
        break;
      }
      if (c == '~' || c == '!' || c == '@' || c == '#' || c == '%' || c == '^' || c == '&'
          || c == '|' || c == '`') {
        special = true;
      }
      p++;
    }
    if (!special) {
      while (p - pos > 1 && (sql[p - 1] == '+' || sql[p - 1] == '-')) {
        p--;
      }
    }
    pos = p;
    return OPERATOR;
  }
}
