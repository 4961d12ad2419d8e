package io.querylens.runtime.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLXML;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.Date;
import java.util.UUID;

/**
 * The bind values set on one prepared statement, as text, for its next executions (JDBC keeps a
 * value until it is set again or {@code clearParameters}). Bounded: the first {@link
 * #MAX_PARAMETERS} positions, each cut at {@link #MAX_VALUE_CHARS}. The application's value itself
 * is never held, so a 10 MB string costs the agent 256 chars; streams and large objects are named
 * by a marker and never read.
 */
final class BoundParameters {

  static final int MAX_PARAMETERS = 32;
  static final int MAX_VALUE_CHARS = 256;

  static final String NULL = "<null>";
  static final String BYTES = "<bytes>";
  static final String STREAM = "<stream>";
  static final String LARGE_OBJECT = "<lob>";

  private String[] values = new String[4];
  private int count;

  /**
   * {@code setXxx(index, value)}: {@code index} is JDBC's, 1-based; past the bound it is dropped.
   */
  synchronized void set(int index, Object value) {
    int position = index - 1;
    if (position < 0 || position >= MAX_PARAMETERS) {
      return;
    }
    if (position >= values.length) {
      values = Arrays.copyOf(values, Math.min(MAX_PARAMETERS, Math.max(position + 1, count * 2)));
    }
    values[position] = text(value);
    count = Math.max(count, position + 1);
  }

  /**
   * The values by 0-based position, as the semantic conventions key them; null where a position was
   * not set. A copy: the statement may be changed while the span is being recorded.
   */
  synchronized String[] values() {
    return Arrays.copyOf(values, count);
  }

  /**
   * The text a value is recorded as. Only the JDK's own value types are turned into text: {@code
   * toString} of an application's class (a {@code Number} subclass, a driver's object) could run
   * any code and take any time, so it is named by its class instead.
   */
  static String text(Object value) {
    if (value == null) {
      return NULL;
    }
    if (value instanceof String) {
      return cut((String) value);
    }
    if (isJdkValue(value)) {
      return cut(value.toString());
    }
    if (value instanceof byte[]) {
      return BYTES;
    }
    if (value instanceof InputStream || value instanceof Reader) {
      return STREAM;
    }
    if (value instanceof Blob
        || value instanceof Clob
        || value instanceof SQLXML
        || value instanceof Array
        || value instanceof Ref
        || value instanceof RowId) {
      return LARGE_OBJECT;
    }
    return "<" + value.getClass().getName() + ">";
  }

  private static boolean isJdkValue(Object value) {
    return (value instanceof Number
            || value instanceof Boolean
            || value instanceof Character
            || value instanceof Date
            || value instanceof TemporalAccessor
            || value instanceof UUID)
        && value.getClass().getName().startsWith("java.");
  }

  private static String cut(String text) {
    return text.length() <= MAX_VALUE_CHARS ? text : text.substring(0, MAX_VALUE_CHARS);
  }
}
