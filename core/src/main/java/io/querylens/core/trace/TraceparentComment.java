package io.querylens.core.trace;

/**
 * The trailing sqlcommenter comment (https://google.github.io/sqlcommenter/spec/) that carries a
 * W3C {@code traceparent} into a plain statement's text: {@code SELECT ... /*traceparent='00-<trace
 * id>-<span id>-<flags>'*}{@code /}. The value needs no URL-encoding (hex digits and dashes only),
 * so it is written as it is.
 *
 * <p>Called on the application's thread for every plain statement when the comment is on: no regex,
 * nothing allocated but the new text.
 */
public final class TraceparentComment {

  private static final String OPEN = " /*traceparent='";
  private static final String CLOSE = "'*/";
  private static final String KEY = "traceparent";

  private static final int TRACE_ID_LENGTH = 32;
  private static final int SPAN_ID_LENGTH = 16;

  /** {@code 00-} + 32 + {@code -} + 16 + {@code -01}. */
  private static final int TRACEPARENT_LENGTH = 3 + TRACE_ID_LENGTH + 1 + SPAN_ID_LENGTH + 3;

  /** How long the comment this class appends is, leading space included. */
  static final int LENGTH = OPEN.length() + TRACEPARENT_LENGTH + CLOSE.length();

  private TraceparentComment() {}

  /**
   * {@code sql} with the comment carrying the traceparent {@code 00-<traceId>-<spanId>-<flags>} at
   * its end, or {@code sql} itself when it is to carry none: ids of the wrong length, an empty
   * text, a text that already ends with a comment naming a traceparent (the application's own
   * sqlcommenter, or a wrapper of ours further out), or a text ending with {@code ;}. A {@code ;}
   * at the end makes the driver split the text into statements (pgjdbc sends each on its own), so a
   * comment placed before it would name only the last one, and one after it would be a statement of
   * its own: such a text goes as it is. One concatenation: the new text is all it allocates.
   */
  public static String appendedTo(String sql, String traceId, String spanId, boolean sampled) {
    if (sql == null
        || traceId == null
        || spanId == null
        || traceId.length() != TRACE_ID_LENGTH
        || spanId.length() != SPAN_ID_LENGTH) {
      return sql;
    }
    int end = endOfText(sql);
    if (end == 0 || sql.charAt(end - 1) == ';' || endsWithTraceparentComment(sql, end)) {
      return sql;
    }
    return sampled
        ? sql + OPEN + "00-" + traceId + '-' + spanId + "-01" + CLOSE
        : sql + OPEN + "00-" + traceId + '-' + spanId + "-00" + CLOSE;
  }

  /**
   * The application's text of {@code sql}: without the comment {@link #appendedTo} put at its end,
   * or {@code sql} itself when it carries none. Checked in constant time, so that a driver's
   * statement that a pool's wrapper handed the commented text on to costs a look-up, not a new
   * shape per request.
   */
  public static String removedFrom(String sql) {
    int start = sql.length() - LENGTH;
    if (start < 0
        || !sql.endsWith(CLOSE)
        || !sql.startsWith(OPEN, start)
        || sql.charAt(start + OPEN.length() + 2) != '-') {
      return sql;
    }
    return sql.substring(0, start);
  }

  /** Where the text ends, trailing whitespace aside. */
  private static int endOfText(String sql) {
    int end = sql.length();
    while (end > 0 && Character.isWhitespace(sql.charAt(end - 1))) {
      end--;
    }
    return end;
  }

  /** Whether the text up to {@code end} ends with a block comment that names a traceparent. */
  private static boolean endsWithTraceparentComment(String sql, int end) {
    if (end < 4 || sql.charAt(end - 1) != '/' || sql.charAt(end - 2) != '*') {
      return false;
    }
    int open = sql.lastIndexOf("/*", end - 3);
    if (open < 0) {
      return false;
    }
    for (int i = open + 2; i + KEY.length() <= end - 2; i++) {
      if (sql.regionMatches(true, i, KEY, 0, KEY.length())) {
        return true;
      }
    }
    return false;
  }
}
