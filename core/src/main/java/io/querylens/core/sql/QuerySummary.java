package io.querylens.core.sql;

import static io.querylens.core.sql.SqlLexer.CAST;
import static io.querylens.core.sql.SqlLexer.CLOSE_BRACE;
import static io.querylens.core.sql.SqlLexer.CLOSE_BRACKET;
import static io.querylens.core.sql.SqlLexer.CLOSE_PAREN;
import static io.querylens.core.sql.SqlLexer.COLON;
import static io.querylens.core.sql.SqlLexer.COMMA;
import static io.querylens.core.sql.SqlLexer.DOT;
import static io.querylens.core.sql.SqlLexer.NUMBER;
import static io.querylens.core.sql.SqlLexer.OPEN_BRACE;
import static io.querylens.core.sql.SqlLexer.OPEN_BRACKET;
import static io.querylens.core.sql.SqlLexer.OPEN_PAREN;
import static io.querylens.core.sql.SqlLexer.OPERATOR;
import static io.querylens.core.sql.SqlLexer.OTHER;
import static io.querylens.core.sql.SqlLexer.PARAMETER;
import static io.querylens.core.sql.SqlLexer.QUOTED_IDENTIFIER;
import static io.querylens.core.sql.SqlLexer.SEMICOLON;
import static io.querylens.core.sql.SqlLexer.STRING;
import static io.querylens.core.sql.SqlLexer.WORD;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Follows a statement's tokens to find its operations and their targets, in the order written, for
 * the OpenTelemetry {@code db.query.summary} ({@code SELECT orders customers}), the {@code
 * db.operation.name} (the first operation, upper-cased) and the tables it touches. The summary and
 * the tables keep the case the application wrote, as the conventions ask.
 *
 * <p>It is a small state machine over tokens, not a parser: it knows where SQL puts table names
 * (after FROM, JOIN, INTO, UPDATE, USING, TABLE, and after commas in a FROM list) and tracks
 * parenthesis depth so that {@code EXTRACT(year FROM t)} is no table and subqueries keep their own
 * FROM lists.
 */
final class QuerySummary {

  private static final int MAX_DEPTH = 64;
  private static final int MAX_TABLES = 64;
  private static final int MAX_CTES = 32;

  /** What the next name token means. */
  private static final int EXPECT_NOTHING = 0;

  private static final int EXPECT_TABLE = 1;
  private static final int EXPECT_CTE_NAME = 2;
  private static final int EXPECT_DDL_KIND = 3;
  private static final int EXPECT_DDL_NAME = 4;
  private static final int EXPECT_INDEX_ON = 5;
  private static final int EXPECT_ROUTINE = 6;

  private char[] sql = new char[0];

  private final char[] summary = new char[StatementShape.MAX_SUMMARY_CHARS];
  private int summaryLength;
  private boolean summaryFull;
  private String operationName;

  private String[] tables = new String[4];
  private int tableCount;

  private final int[] cteStart = new int[MAX_CTES];
  private final int[] cteEnd = new int[MAX_CTES];
  private int cteCount;
  private int cteListDepth;

  private int depth;
  private final int[] operationAtDepth = new int[MAX_DEPTH];
  private final boolean[] fromListAtDepth = new boolean[MAX_DEPTH];

  private int expect;
  private int expectDepth;
  private boolean expectIsCollection;
  private boolean callCancelsName;
  private boolean listContinues;

  /** Whether the current token ended a target name ("DROP TABLE a, b": the comma continues). */
  private boolean committedNow;

  private boolean nameActive;
  private boolean nameWantsPart;
  private int nameStart;
  private int nameEnd;
  private int nameParts;
  private boolean nameContiguous;
  private boolean nameIsCollection;

  private int ddlStart;
  private int ddlEnd;
  private boolean ddlPending;

  private int previousKind;
  private int previousKeyword;
  private boolean previousWasOpenBrace;

  void reset(char[] sql) {
    this.sql = sql;
    summaryLength = 0;
    summaryFull = false;
    operationName = null;
    Arrays.fill(tables, 0, tableCount, null);
    tableCount = 0;
    cteCount = 0;
    cteListDepth = -1;
    depth = 0;
    operationAtDepth[0] = 0;
    fromListAtDepth[0] = false;
    expect = EXPECT_NOTHING;
    expectDepth = 0;
    expectIsCollection = false;
    callCancelsName = false;
    listContinues = false;
    nameActive = false;
    nameWantsPart = false;
    committedNow = false;
    ddlPending = false;
    previousKind = SEMICOLON;
    previousKeyword = 0;
    previousWasOpenBrace = false;
  }

  /**
   * Takes in a token that changes nothing here but the memory of the previous token, and says so;
   * for any other token the caller calls {@link #react}. Most tokens of a long statement (column
   * lists, expressions) are such tokens. Two calls, not one {@code token()} method: the JIT
   * compiled such a method with react() inside, too big to inline into the token loop, so every
   * token paid a call.
   */
  boolean passedBy(int kind, int keyword) {
    if (!passesBy(kind, keyword)) {
      return false;
    }
    committedNow = false;
    previousWasOpenBrace = false;
    previousKind = kind;
    previousKeyword = 0;
    return true;
  }

  /**
   * Whether the token, while no name is being read or expected, is anything but a keyword, a
   * bracket, a brace or a semicolon (which change the depth or start something), and not at a place
   * where it starts something itself (a statement, a JDBC escape, a FROM item).
   */
  private boolean passesBy(int kind, int keyword) {
    if (nameActive || expect != EXPECT_NOTHING || previousWasOpenBrace || keyword != 0) {
      return false;
    }
    switch (kind) {
      case WORD:
        return previousKind != SEMICOLON;
      case COMMA:
        return depth != cteListDepth && (depth >= MAX_DEPTH || !fromListAtDepth[depth]);
      case DOT:
      case QUOTED_IDENTIFIER:
      case STRING:
      case NUMBER:
      case PARAMETER:
      case OPERATOR:
      case CAST:
      case COLON:
      case OTHER:
        // react() would change nothing for these either; it would only cost a call.
        return true;
      default:
        return false;
    }
  }

  /** Any token that {@link #passedBy} turned down. */
  void react(int kind, int keyword, int start, int end) {
    if (nameActive && continuesName(kind, start, end)) {
      return;
    }
    committedNow = false;
    if (nameActive) {
      if (kind == OPEN_PAREN && callCancelsName) {
        nameActive = false;
      } else {
        commitName();
      }
    }
    reactTo(kind, keyword, start, end);
    previousWasOpenBrace = kind == OPEN_BRACE;
    previousKind = kind;
    previousKeyword = keyword;
  }

  /** Ends the statement: a name still being read is a target. */
  void finish() {
    if (nameActive) {
      commitName();
    }
    if (ddlPending) {
      addOperation(Keywords.lookup(sql, ddlStart, ddlEnd), ddlStart, ddlEnd, null);
      ddlPending = false;
    }
  }

  String summary() {
    return summaryLength == 0 ? "" : new String(summary, 0, summaryLength);
  }

  String operationName() {
    return operationName;
  }

  List<String> collectionNames() {
    switch (tableCount) {
      case 0:
        return List.of();
      case 1:
        return List.of(tables[0]);
      case 2:
        return List.of(tables[0], tables[1]);
      // The fixed-arity forms wrap their one array; List.of(array) would copy it again.
      case 3:
        return List.of(tables[0], tables[1], tables[2]);
      case 4:
        return List.of(tables[0], tables[1], tables[2], tables[3]);
      default:
        return List.of(Arrays.copyOf(tables, tableCount));
    }
  }

  private boolean continuesName(int kind, int start, int end) {
    if (kind == DOT && !nameWantsPart) {
      nameWantsPart = true;
      nameContiguous &= start == nameEnd;
      nameEnd = end;
      return true;
    }
    if ((kind == WORD || kind == QUOTED_IDENTIFIER) && nameWantsPart) {
      nameWantsPart = false;
      nameContiguous &= start == nameEnd;
      nameEnd = end;
      nameParts++;
      return true;
    }
    return false;
  }

  private void reactTo(int kind, int keyword, int start, int end) {
    switch (kind) {
      case OPEN_PAREN:
      case OPEN_BRACKET:
        if (expect == EXPECT_TABLE || expect == EXPECT_ROUTINE) {
          expect = EXPECT_NOTHING;
        }
        if (depth + 1 < MAX_DEPTH) {
          operationAtDepth[depth + 1] = 0;
          fromListAtDepth[depth + 1] = false;
        }
        depth++;
        return;
      case CLOSE_PAREN:
      case CLOSE_BRACKET:
        if (depth > 0) {
          depth--;
        }
        if (expect != EXPECT_INDEX_ON) {
          expect = EXPECT_NOTHING;
        }
        return;
      case COMMA:
        onComma();
        return;
      case SEMICOLON:
        depth = 0;
        operationAtDepth[0] = 0;
        fromListAtDepth[0] = false;
        expect = EXPECT_NOTHING;
        listContinues = false;
        cteListDepth = -1;
        return;
      case WORD:
      case QUOTED_IDENTIFIER:
        onWord(kind, keyword, start, end);
        return;
      case OPEN_BRACE:
      case CLOSE_BRACE:
        // JDBC escapes: "{oj" continues a FROM list, "{call" starts a call; neither ends a list.
        return;
      default:
        if (expect != EXPECT_INDEX_ON && expect != EXPECT_DDL_KIND) {
          expect = EXPECT_NOTHING;
        }
    }
  }

  private void onComma() {
    if (expect == EXPECT_INDEX_ON) {
      return;
    }
    expect = EXPECT_NOTHING;
    if (depth == cteListDepth) {
      expectNext(EXPECT_CTE_NAME, false, false);
    } else if (depth < MAX_DEPTH && fromListAtDepth[depth]) {
      expectNext(EXPECT_TABLE, true, true);
    } else if (listContinues && committedNow && depth == expectDepth) {
      expectNext(EXPECT_TABLE, expectIsCollection, false);
    }
  }

  private void onWord(int kind, int keyword, int start, int end) {
    if (previousWasOpenBrace && expect != EXPECT_TABLE && keyword != Keywords.CALL) {
      // {fn ...}, {d ...}, {ts ...}, {escape ...}: JDBC escape names, not operations.
      return;
    }
    switch (expect) {
      case EXPECT_TABLE:
        if (keyword == Keywords.ONLY || keyword == Keywords.LATERAL || keyword == Keywords.TABLE) {
          return;
        }
        if (previousWasOpenBrace
            && end - start == 2
            && (sql[start] | 0x20) == 'o'
            && (sql[start + 1] | 0x20) == 'j') {
          return;
        }
        if (isName(kind, keyword)) {
          startName(start, end, expectIsCollection);
          expect = EXPECT_NOTHING;
          return;
        }
        expect = EXPECT_NOTHING;
        break;
      case EXPECT_ROUTINE:
        expect = EXPECT_NOTHING;
        if (isName(kind, keyword)) {
          startName(start, end, false);
          callCancelsName = false;
          return;
        }
        break;
      case EXPECT_CTE_NAME:
        expect = EXPECT_NOTHING;
        if (keyword == Keywords.RECURSIVE) {
          expect = EXPECT_CTE_NAME;
          return;
        }
        if (cteCount < MAX_CTES) {
          cteStart[cteCount] = start;
          cteEnd[cteCount] = end;
          cteCount++;
        }
        return;
      case EXPECT_DDL_KIND:
        if (keyword != 0 && Keywords.has(keyword, Keywords.DDL_MODIFIER)) {
          return;
        }
        onDdlKind(keyword, start, end);
        return;
      case EXPECT_DDL_NAME:
        if (keyword == Keywords.IF
            || keyword == Keywords.NOT
            || keyword == Keywords.EXISTS
            || keyword == Keywords.CONCURRENTLY
            || keyword == Keywords.ONLY) {
          return;
        }
        expect = EXPECT_NOTHING;
        startName(start, end, expectIsCollection);
        callCancelsName = false;
        return;
      case EXPECT_INDEX_ON:
        if (keyword == Keywords.ON && depth == 0) {
          expectNext(EXPECT_TABLE, true, false);
        }
        return;
      default:
        break;
    }
    if (kind == WORD && keyword != 0) {
      onKeyword(keyword, start, end);
    } else if (kind == WORD && atStatementStart()) {
      addOperation(0, start, end, null);
    }
  }

  private void onKeyword(int keyword, int start, int end) {
    boolean statementStart = atStatementStart();
    if (keyword == Keywords.SELECT) {
      operation(keyword, start, end);
      return;
    }
    if (keyword == Keywords.INSERT
        || keyword == Keywords.UPDATE
        || keyword == Keywords.DELETE
        || keyword == Keywords.MERGE) {
      if (statementStart || inStatementContext()) {
        operation(keyword, start, end);
        if (keyword == Keywords.UPDATE) {
          expectNext(EXPECT_TABLE, true, false);
        }
        return;
      }
    } else if (keyword == Keywords.FROM) {
      int op = currentOperation();
      if (previousKeyword != Keywords.DISTINCT
          && (op == Keywords.SELECT || op == Keywords.DELETE || op == Keywords.UPDATE)) {
        fromListAtDepth[depth] = true;
        expectNext(EXPECT_TABLE, true, true);
      }
      return;
    } else if (keyword == Keywords.JOIN) {
      if (depth < MAX_DEPTH && fromListAtDepth[depth]) {
        expectNext(EXPECT_TABLE, true, true);
      }
      return;
    } else if (keyword == Keywords.INTO) {
      int op = currentOperation();
      if (op == Keywords.INSERT || op == Keywords.MERGE || op == Keywords.SELECT) {
        expectNext(EXPECT_TABLE, true, false);
        callCancelsName = false;
      }
      return;
    } else if (keyword == Keywords.USING) {
      int op = currentOperation();
      if (op == Keywords.DELETE || op == Keywords.MERGE) {
        if (op == Keywords.DELETE) {
          fromListAtDepth[depth] = true;
        }
        expectNext(EXPECT_TABLE, true, true);
      }
      return;
    } else if (keyword == Keywords.WITH) {
      if (statementStart || inStatementContext()) {
        cteListDepth = depth;
        expectNext(EXPECT_CTE_NAME, false, false);
      }
      return;
    } else if (keyword == Keywords.CALL) {
      if (statementStart || previousWasOpenBrace || isEquals()) {
        operation(keyword, start, end);
        expectNext(EXPECT_ROUTINE, false, false);
      }
      return;
    }
    if (depth < MAX_DEPTH && Keywords.has(keyword, Keywords.ENDS_FROM_LIST)) {
      fromListAtDepth[depth] = false;
    }
    if (statementStart && depth == 0) {
      onStatementKeyword(keyword, start, end);
    }
  }

  /** The first word of a statement that is not a query: BEGIN, SET, CREATE TABLE, ... */
  private void onStatementKeyword(int keyword, int start, int end) {
    if (keyword == Keywords.CREATE || keyword == Keywords.ALTER || keyword == Keywords.DROP) {
      ddlStart = start;
      ddlEnd = end;
      ddlPending = true;
      operationAtDepth[0] = keyword;
      expectNext(EXPECT_DDL_KIND, false, false);
      return;
    }
    operation(keyword, start, end);
    if (keyword == Keywords.TRUNCATE || keyword == Keywords.LOCK) {
      expectNext(EXPECT_TABLE, true, false);
      listContinues = true;
      callCancelsName = false;
    } else if (keyword == Keywords.EXECUTE || keyword == Keywords.EXEC) {
      expectNext(EXPECT_ROUTINE, false, false);
    } else if (keyword == Keywords.TABLE) {
      expectNext(EXPECT_TABLE, true, false);
    }
  }

  private void onDdlKind(int keyword, int start, int end) {
    expect = EXPECT_NOTHING;
    ddlPending = false;
    if (keyword == 0 || !Keywords.has(keyword, Keywords.DDL_KIND)) {
      addOperation(Keywords.lookup(sql, ddlStart, ddlEnd), ddlStart, ddlEnd, null);
      return;
    }
    String verb = new String(sql, ddlStart, ddlEnd - ddlStart);
    addOperation(0, start, end, verb);
    boolean drop = operationAtDepth[0] == Keywords.DROP;
    if (keyword == Keywords.INDEX) {
      expect = drop ? EXPECT_DDL_NAME : EXPECT_INDEX_ON;
      expectIsCollection = false;
      expectDepth = depth;
      listContinues = drop;
      return;
    }
    boolean collection =
        keyword == Keywords.TABLE || keyword == Keywords.VIEW || keyword == Keywords.SEQUENCE;
    expectNext(EXPECT_DDL_NAME, collection, false);
    listContinues = drop;
  }

  private void operation(int keyword, int start, int end) {
    if (depth < MAX_DEPTH) {
      operationAtDepth[depth] = keyword;
      fromListAtDepth[depth] = false;
    }
    if (depth == cteListDepth) {
      cteListDepth = -1;
    }
    addOperation(keyword, start, end, null);
  }

  private int currentOperation() {
    return depth < MAX_DEPTH ? operationAtDepth[depth] : 0;
  }

  private boolean atStatementStart() {
    return previousKind == SEMICOLON;
  }

  /** Where a data-changing statement may begin: after "(", ")" of a CTE, or EXPLAIN. */
  private boolean inStatementContext() {
    return previousKind == OPEN_PAREN
        || previousKind == CLOSE_PAREN
        || previousKeyword == Keywords.EXPLAIN
        || previousKeyword == Keywords.ANALYZE
        || previousKeyword == Keywords.ANALYSE
        || previousKeyword == Keywords.VERBOSE;
  }

  private boolean isEquals() {
    return previousKind == OPERATOR;
  }

  private static boolean isName(int kind, int keyword) {
    if (kind == QUOTED_IDENTIFIER || keyword == 0) {
      return true;
    }
    // Non-reserved words can name tables ("comment", "type"); clause words cannot.
    return !Keywords.has(keyword, Keywords.ENDS_FROM_LIST)
        && keyword != Keywords.JOIN
        && keyword != Keywords.ON
        && keyword != Keywords.USING
        && keyword != Keywords.AS
        && keyword != Keywords.WITH
        && keyword != Keywords.FROM
        && keyword != Keywords.INTO;
  }

  private void expectNext(int what, boolean collection, boolean cancelOnCall) {
    expect = what;
    expectDepth = depth;
    expectIsCollection = collection;
    callCancelsName = cancelOnCall;
    listContinues = false;
  }

  private void startName(int start, int end, boolean collection) {
    nameActive = true;
    nameWantsPart = false;
    nameStart = start;
    nameEnd = end;
    nameParts = 1;
    nameContiguous = true;
    nameIsCollection = collection;
  }

  private void commitName() {
    nameActive = false;
    committedNow = true;
    if (nameParts == 1 && isCteName(nameStart, nameEnd)) {
      return;
    }
    String name = nameContiguous && writtenAsPostgresReadsIt() ? null : nameWithoutGaps();
    if (name == null) {
      appendTerm(sql, nameStart, nameEnd);
    } else {
      appendTerm(name);
    }
    if (nameIsCollection) {
      addTable(name);
    }
  }

  private boolean isCteName(int start, int end) {
    for (int i = 0; i < cteCount; i++) {
      int length = cteEnd[i] - cteStart[i];
      if (length == end - start && sameIgnoringCase(start, cteStart[i], length)) {
        return true;
      }
    }
    return false;
  }

  private boolean sameIgnoringCase(int a, int b, int length) {
    for (int i = 0; i < length; i++) {
      char x = sql[a + i];
      char y = sql[b + i];
      if (x != y && (x | 0x20) != (y | 0x20)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code sql[start, start + text.length())} is exactly {@code text}. */
  private boolean sameAs(int start, String text) {
    for (int i = 0; i < text.length(); i++) {
      if (sql[start + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the name has no upper-case letter to fold and no double-quoted part that PostgreSQL
   * reads the same without quotes. (A scan of the name only, no allocation.)
   */
  private boolean writtenAsPostgresReadsIt() {
    for (int p = nameStart; p < nameEnd; p++) {
      char c = sql[p];
      if (c >= 'A' && c <= 'Z') {
        return false;
      } else if (c == '"') {
        int close = quoteEnd(p);
        if (Identifiers.quotedNeedlessly(sql, p, close) || close > nameEnd) {
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
  private int quoteEnd(int open) {
    int p = open + 1;
    while (p < nameEnd) {
      if (sql[p] == '"') {
        if (p + 1 < nameEnd && sql[p + 1] == '"') {
          p += 2;
          continue;
        }
        return p + 1;
      }
      p++;
    }
    return nameEnd + 1;
  }

  /**
   * A qualified name as PostgreSQL reads it, in SQL: without spaces or comments around its dots,
   * bare parts folded to lower case, quotes kept only where they change the name ({@code "Orders"},
   * not {@code "orders"}).
   */
  private String nameWithoutGaps() {
    StringBuilder name = new StringBuilder(nameEnd - nameStart);
    int p = nameStart;
    while (p < nameEnd) {
      char c = sql[p];
      if (SqlLexer.isWhitespace(c)) {
        p++;
      } else if (c == '-' && p + 1 < nameEnd && sql[p + 1] == '-') {
        p = SqlLexer.lineCommentEnd(sql, p, nameEnd);
      } else if (c == '/' && p + 1 < nameEnd && sql[p + 1] == '*') {
        p = SqlLexer.blockCommentEnd(sql, p, nameEnd);
      } else if (c == '"') {
        int close = Math.min(quoteEnd(p), nameEnd);
        if (Identifiers.quotedNeedlessly(sql, p, close)) {
          name.append(sql, p + 1, close - p - 2);
        } else {
          name.append(sql, p, close - p);
        }
        p = close;
      } else if (c == '`') {
        int close = p + 1;
        while (close < nameEnd && sql[close] != c) {
          close++;
        }
        name.append(sql, p, Math.min(close + 1, nameEnd) - p);
        p = close + 1;
      } else {
        name.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        p++;
      }
    }
    return name.toString();
  }

  private void addTable(String nameOrNull) {
    int length = nameOrNull == null ? nameEnd - nameStart : nameOrNull.length();
    for (int i = 0; i < tableCount; i++) {
      String known = tables[i];
      boolean same =
          nameOrNull == null
              ? known.length() == length && sameAs(nameStart, known)
              : known.equals(nameOrNull);
      if (same) {
        return;
      }
    }
    if (tableCount == MAX_TABLES) {
      return;
    }
    if (tableCount == tables.length) {
      tables = Arrays.copyOf(tables, tables.length * 2);
    }
    tables[tableCount++] =
        nameOrNull == null ? new String(sql, nameStart, nameEnd - nameStart) : nameOrNull;
  }

  /**
   * Adds an operation to the summary; {@code verb} (when not null) comes before {@code text[start,
   * end)}, as in "CREATE TABLE". {@code keyword}: the operation's keyword id, 0 for none or with a
   * verb.
   */
  private void addOperation(int keyword, int start, int end, String verb) {
    if (operationName == null) {
      // Upper-cased, as the OpenTelemetry Java agent does: "select" and "SELECT" are one
      // operation, and one metric series. The summary keeps the case written.
      if (verb != null) {
        operationName = (verb + ' ' + new String(sql, start, end - start)).toUpperCase(Locale.ROOT);
      } else {
        String canonical = Keywords.word(keyword);
        boolean asCanonical = canonical.length() == end - start && sameAs(start, canonical);
        operationName =
            asCanonical ? canonical : new String(sql, start, end - start).toUpperCase(Locale.ROOT);
      }
    }
    if (verb != null) {
      if (!fits(verb.length() + 1 + end - start)) {
        return;
      }
      appendTerm(verb);
      summary[summaryLength++] = ' ';
      System.arraycopy(sql, start, summary, summaryLength, end - start);
      summaryLength += end - start;
      return;
    }
    appendTerm(sql, start, end);
  }

  private boolean fits(int termLength) {
    int needed = termLength + (summaryLength == 0 ? 0 : 1);
    if (summaryFull || summaryLength + needed > summary.length) {
      summaryFull = true;
      return false;
    }
    return true;
  }

  /**
   * Appends one whole term, or stops the summary for good: never a cut name, never out of order.
   */
  private void appendTerm(char[] text, int start, int end) {
    if (!fits(end - start)) {
      return;
    }
    if (summaryLength > 0) {
      summary[summaryLength++] = ' ';
    }
    System.arraycopy(text, start, summary, summaryLength, end - start);
    summaryLength += end - start;
  }

  private void appendTerm(String text) {
    if (!fits(text.length())) {
      return;
    }
    if (summaryLength > 0) {
      summary[summaryLength++] = ' ';
    }
    text.getChars(0, text.length(), summary, summaryLength);
    summaryLength += text.length();
  }
}
