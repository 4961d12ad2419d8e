package io.querylens.bootstrap;

/**
 * The decisions behind {@link CountedRows}, as static functions of the fields it keeps, so that the
 * bytecode the agent writes into a driver's class stays free of branches. A count of {@code -1}
 * means "handed over": nothing more is counted for that execution.
 *
 * <p>The rule: a row counts when the application's outermost cursor move on the result set lands on
 * it ({@code next()} returning true, or {@code previous}, {@code first}, {@code last}, {@code
 * absolute}, {@code relative} returning true); a row reached twice counts twice. The count is
 * handed over when {@code next()} first returns false or the result set is closed, whichever comes
 * first.
 */
public final class RowCounts {

  static final long HANDED_OVER = -1;

  private RowCounts() {}

  /**
   * A new execution tracks the result set; a count still open for an earlier one is handed over.
   */
  public static long tracked(Object previousScope, long previousRows) {
    if (previousScope != null && previousRows >= 0) {
      QueryLensBridge.onRowsRead(previousScope, previousRows);
    }
    return 0;
  }

  /** The count after {@code next()} returned {@code onRow} at the object's {@code depth}. */
  public static long afterNext(Object scope, long rows, int depth, boolean onRow) {
    if (scope == null || rows < 0 || depth != 0) {
      return rows;
    }
    if (onRow) {
      return rows + 1;
    }
    QueryLensBridge.onRowsRead(scope, rows);
    return HANDED_OVER;
  }

  /** The count after a scrolling move returned {@code onRow}; such a move never hands it over. */
  public static long afterMove(Object scope, long rows, int depth, boolean onRow) {
    return scope == null || rows < 0 || depth != 0 || !onRow ? rows : rows + 1;
  }

  /** The count after {@code close()}: handed over if it was still open. */
  public static long closed(Object scope, long rows) {
    if (scope != null && rows >= 0) {
      QueryLensBridge.onRowsRead(scope, rows);
    }
    return HANDED_OVER;
  }
}
