package io.querylens.core.sql;

/**
 * The names a {@code WITH} list defines: a FROM item naming one is the query's own result, no
 * table. Kept as positions in the statement, so nothing is allocated.
 */
final class CteNames {

  private static final int MAX = 32;

  private final int[] starts = new int[MAX];
  private final int[] ends = new int[MAX];
  private int count;

  void reset() {
    count = 0;
  }

  void add(int start, int end) {
    if (count < MAX) {
      starts[count] = start;
      ends[count] = end;
      count++;
    }
  }

  /** Whether {@code sql[start, end)} names one of them, ignoring case. */
  boolean contains(char[] sql, int start, int end) {
    for (int i = 0; i < count; i++) {
      int length = ends[i] - starts[i];
      if (length == end - start && sameIgnoringCase(sql, start, starts[i], length)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameIgnoringCase(char[] sql, int a, int b, int length) {
    for (int i = 0; i < length; i++) {
      char x = sql[a + i];
      char y = sql[b + i];
      if (x != y && (x | 0x20) != (y | 0x20)) {
        return false;
      }
    }
    return true;
  }
}
