package io.querylens.bootstrap;

/**
 * What the agent adds to a driver's {@code ResultSet} class when it defines it: a row counter and
 * the execution it counts for, kept in fields of the result set itself, so that counting a row
 * allocates nothing and looks nothing up. The rewritten {@code next()} and scrolling methods call
 * these on {@code this}; the bridge calls {@link #querylens$track} when an execution returns the
 * result set. The bodies are straight-line field updates; the decisions are {@link RowCounts}'s.
 *
 * <p>Every rewritten class of one hierarchy implements them again over its own fields, so calls
 * made from a super class's code reach the most derived class's fields: one counter per object.
 */
public interface CountedRows {

  /** The execution {@code scope} returned this result set: count from zero for it. */
  void querylens$track(Object scope);

  /** A cursor move starts: raises the object's own depth, so nested moves count once. */
  void querylens$moveStarted();

  /** {@code next()} returned {@code onRow}; past the last row the count is handed over. */
  void querylens$nextEnded(boolean onRow);

  /** A scrolling move ({@code absolute}, {@code previous}, ...) returned {@code onRow}. */
  void querylens$moveEnded(boolean onRow);

  /** {@code close()} returned or threw: the count is handed over if it was not yet. */
  void querylens$closed();
}
