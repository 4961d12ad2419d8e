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

import java.util.List;

/**
 * Follows a statement's tokens to find its operations and their targets, in the order written, for
 * the OpenTelemetry {@code db.query.summary} ({@code SELECT orders customers}), the {@code
 * db.operation.name} (the first operation, upper-cased) and the tables it touches. The summary and
 * the tables keep the case the application wrote, as the conventions ask.
 *
 * <p>It is a small state machine over tokens, not a parser: it knows where SQL puts table names
 * (after FROM, JOIN, INTO, UPDATE, USING, TABLE, and after commas in a FROM list) and tracks
 * parenthesis depth so that {@code EXTRACT(year FROM t)} is no table and subqueries keep their own
 * FROM lists. Read it in this order:
 *
 * <ol>
 *   <li>{@link #passedBy} and {@link #react}: each token either changes nothing (most do) or is
 *       reacted to;
 *   <li>{@link #reactTo}, {@link #onWord}, {@link #onKeyword}: what a token means depends on what
 *       is expected next ({@code expect}: a table, a CTE's name, a DDL object, ...) and on the
 *       operation open at the current parenthesis depth;
 *   <li>a name is then read part by part ({@link QualifiedName}) and, once complete, goes into the
 *       summary ({@link SummaryText}) and, when it names a table, into the tables ({@link
 *       TableNames}) unless a {@code WITH} list defined it ({@link CteNames}).
 * </ol>
 */
final class QuerySummary {

  private static final int MAX_DEPTH = 64;

  /** What the next name token means. */
  private static final int EXPECT_NOTHING = 0;

  private static final int EXPECT_TABLE = 1;
  private static final int EXPECT_CTE_NAME = 2;
  private static final int EXPECT_DDL_KIND = 3;
  private static final int EXPECT_DDL_NAME = 4;
  private static final int EXPECT_INDEX_ON = 5;
  private static final int EXPECT_ROUTINE = 6;

  private char[] sql = new char[0];

  private final SummaryText summary = new SummaryText();
  private final TableNames tables = new TableNames();
  private final CteNames cteNames = new CteNames();
  private final QualifiedName name = new QualifiedName();
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

  private int ddlStart;
  private int ddlEnd;
  private boolean ddlPending;

  private int previousKind;
  private int previousKeyword;
  private boolean previousWasOpenBrace;

  void reset(char[] sql) {
    this.sql = sql;
    summary.reset();
    tables.reset();
    cteNames.reset();
    cteListDepth = -1;
    depth = 0;
    operationAtDepth[0] = 0;
    fromListAtDepth[0] = false;
    expect = EXPECT_NOTHING;
    expectDepth = 0;
    expectIsCollection = false;
    callCancelsName = false;
    listContinues = false;
    name.close();
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
    if (name.active() || expect != EXPECT_NOTHING || previousWasOpenBrace || keyword != 0) {
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
    if (name.active() && name.continuesWith(kind, start, end)) {
      return;
    }
    committedNow = false;
    if (name.active()) {
      if (kind == OPEN_PAREN && callCancelsName) {
        name.close();
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
    if (name.active()) {
      commitName();
    }
    if (ddlPending) {
      addOperation(Keywords.lookup(sql, ddlStart, ddlEnd), ddlStart, ddlEnd, null);
      ddlPending = false;
    }
  }

  String summary() {
    return summary.summary();
  }

  String operationName() {
    return summary.operationName();
  }

  List<String> collectionNames() {
    return tables.list();
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
        cteNames.add(start, end);
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
    name.start(start, end, collection);
  }

  /** The name just read is a target: into the summary, and into the tables when it names one. */
  private void commitName() {
    name.close();
    committedNow = true;
    if (name.singlePart() && cteNames.contains(sql, name.start(), name.end())) {
      return;
    }
    String normalized = name.normalized(sql);
    if (normalized == null) {
      summary.append(sql, name.start(), name.end());
    } else {
      summary.append(normalized);
    }
    if (name.isCollection()) {
      tables.add(sql, name.start(), name.end(), normalized);
    }
  }

  private void addOperation(int keyword, int start, int end, String verb) {
    summary.addOperation(sql, keyword, start, end, verb);
  }
}
