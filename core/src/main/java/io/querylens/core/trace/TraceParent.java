package io.querylens.core.trace;

/**
 * A W3C trace context ({@code traceparent}, https://www.w3.org/TR/trace-context/) found in text a
 * session shows to PostgreSQL: its {@code application_name}, or a trailing sqlcommenter comment of
 * its query. Ids are lower-case hex.
 *
 * <p>The parser is tolerant, since the text is written by other tools and cut by PostgreSQL: the
 * value may stand anywhere in the text ({@code myapp 00-...}, {@code traceparent=00-...}) as long
 * as no letter or digit touches it on the left; upper-case hex is accepted; the flags may be
 * missing when the text ends right after the span id ({@code application_name} is cut at 63 bytes),
 * and are then taken as 00 (not sampled). It refuses what the specification calls invalid: version
 * {@code ff}, an all-zero trace or span id, a non-hex character; and, for version 00, any letter or
 * digit right after the flags (a longer token is not a traceparent). A later version may carry more
 * fields after a {@code -}. The first valid value in the text wins.
 *
 * @param flags the trace flags byte (bit 0: sampled)
 */
public record TraceParent(String traceId, String spanId, int flags) {

  private static final int VERSION_CHARS = 2;
  private static final int TRACE_ID_CHARS = 32;
  private static final int SPAN_ID_CHARS = 16;

  /** From the version's first char to the span id's last: {@code 00-<32>-<16>}. */
  private static final int IDS_END = VERSION_CHARS + 1 + TRACE_ID_CHARS + 1 + SPAN_ID_CHARS;

  private static final String COMMENT_KEY = "traceparent=";

  public boolean sampled() {
    return (flags & 1) != 0;
  }

  /** The traceparent as W3C writes it, {@code 00-<trace id>-<span id>-<flags>}. */
  @Override
  public String toString() {
    return "00-" + traceId + '-' + spanId + '-' + HEX[flags >> 4] + HEX[flags & 0xf];
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The first valid traceparent anywhere in {@code text}, or null. */
  public static TraceParent find(CharSequence text) {
    return text == null ? null : find(text, 0, text.length());
  }

  /**
   * The first valid traceparent in {@code text} between {@code from} and {@code to}, read in place
   * (no copy of the range), in one pass: each start is looked at a bounded number of chars.
   */
  private static TraceParent find(CharSequence text, int from, int to) {
    int last = to - IDS_END;
    for (int start = from; start <= last; start++) {
      if (text.charAt(start + VERSION_CHARS) == '-' && !touchesOnLeft(text, from, start)) {
        TraceParent found = parseAt(text, start, to);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * The traceparent of a sqlcommenter comment ({@code /*traceparent='00-...'*}{@code /}, maybe
   * among other {@code key='value'} pairs) that ends {@code query}, a trailing {@code ;} and
   * whitespace aside; null when the query ends otherwise, or the comment holds none.
   */
  public static TraceParent inTrailingComment(String query) {
    if (query == null) {
      return null;
    }
    int end = query.length();
    while (end > 0
        && (Character.isWhitespace(query.charAt(end - 1)) || query.charAt(end - 1) == ';')) {
      end--;
    }
    if (end < 4 || query.charAt(end - 1) != '/' || query.charAt(end - 2) != '*') {
      return null;
    }
    int open = query.lastIndexOf("/*", end - 3);
    if (open < 0) {
      return null;
    }
    int key = indexOfIgnoreCase(query, COMMENT_KEY, open + 2, end - 2);
    if (key < 0) {
      return null;
    }
    return find(query, key + COMMENT_KEY.length(), end - 2);
  }

  private static TraceParent parseAt(CharSequence text, int start, int to) {
    int version = hexByte(text, start);
    if (version < 0 || version == 0xff) {
      return null;
    }
    int traceStart = start + VERSION_CHARS + 1;
    int spanStart = traceStart + TRACE_ID_CHARS + 1;
    if (text.charAt(spanStart - 1) != '-'
        || !hexRun(text, traceStart, TRACE_ID_CHARS)
        || !hexRun(text, spanStart, SPAN_ID_CHARS)) {
      return null;
    }
    String traceId = lower(text, traceStart, TRACE_ID_CHARS);
    String spanId = lower(text, spanStart, SPAN_ID_CHARS);
    if (allZero(traceId) || allZero(spanId)) {
      return null;
    }
    int flags = flagsAfter(text, start + IDS_END, version, to);
    return flags < 0 ? null : new TraceParent(traceId, spanId, flags);
  }

  /**
   * The flags after the span id; 0 when the text ends there (cut); -1 when what follows makes it no
   * traceparent.
   */
  private static int flagsAfter(CharSequence text, int at, int version, int to) {
    if (at == to || (at + 1 == to && text.charAt(at) == '-')) {
      return 0;
    }
    if (text.charAt(at) != '-' || at + 3 > to) {
      return -1;
    }
    int flags = hexByte(text, at + 1);
    if (flags < 0) {
      return -1;
    }
    int after = at + 3;
    if (after < to) {
      char next = text.charAt(after);
      boolean moreFields = version > 0 && next == '-';
      if (!moreFields && Character.isLetterOrDigit(next)) {
        return -1;
      }
    }
    return flags;
  }

  private static boolean touchesOnLeft(CharSequence text, int from, int start) {
    return start > from && Character.isLetterOrDigit(text.charAt(start - 1));
  }

  private static int hexByte(CharSequence text, int at) {
    int high = Character.digit(text.charAt(at), 16);
    int low = Character.digit(text.charAt(at + 1), 16);
    return high < 0 || low < 0 || !isHex(text.charAt(at)) || !isHex(text.charAt(at + 1))
        ? -1
        : high << 4 | low;
  }

  private static boolean hexRun(CharSequence text, int start, int length) {
    for (int i = start; i < start + length; i++) {
      if (!isHex(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** ASCII hex only: {@link Character#digit} also takes full-width and other digits. */
  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static String lower(CharSequence text, int start, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = Character.toLowerCase(text.charAt(start + i));
    }
    return new String(chars);
  }

  private static boolean allZero(String hex) {
    for (int i = 0; i < hex.length(); i++) {
      if (hex.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  private static int indexOfIgnoreCase(String text, String key, int from, int to) {
    for (int i = from; i + key.length() <= to; i++) {
      if (text.regionMatches(true, i, key, 0, key.length())) {
        return i;
      }
    }
    return -1;
  }
}
