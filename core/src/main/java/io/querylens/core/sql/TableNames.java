package io.querylens.core.sql;

import java.util.Arrays;
import java.util.List;

/** The tables a statement touches, each once, in the order written; at most {@value #MAX}. */
final class TableNames {

  private static final int MAX = 64;

  private String[] names = new String[4];
  private int count;

  void reset() {
    Arrays.fill(names, 0, count, null);
    count = 0;
  }

  /**
   * Adds {@code name}, or, when it is null, {@code sql[start, end)} as written (a string made only
   * when it is new).
   */
  void add(char[] sql, int start, int end, String name) {
    int length = name == null ? end - start : name.length();
    for (int i = 0; i < count; i++) {
      String known = names[i];
      boolean same =
          name == null
              ? known.length() == length && SummaryText.sameAs(sql, start, known)
              : known.equals(name);
      if (same) {
        return;
      }
    }
    if (count == MAX) {
      return;
    }
    if (count == names.length) {
      names = Arrays.copyOf(names, names.length * 2);
    }
    names[count++] = name == null ? new String(sql, start, end - start) : name;
  }

  List<String> list() {
    switch (count) {
      case 0:
        return List.of();
      case 1:
        return List.of(names[0]);
      case 2:
        return List.of(names[0], names[1]);
      // The fixed-arity forms wrap their one array; List.of(array) would copy it again.
      case 3:
        return List.of(names[0], names[1], names[2]);
      case 4:
        return List.of(names[0], names[1], names[2], names[3]);
      default:
        return List.of(Arrays.copyOf(names, count));
    }
  }
}
