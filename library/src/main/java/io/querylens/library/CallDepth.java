package io.querylens.library;

/**
 * How deep the current thread is in traced JDBC calls, so that only the outermost is recorded: a
 * wrapped {@code DataSource} that wraps another wrapped one (a lazy or routing proxy over a pool,
 * each a bean) must record each statement once, as the agent's bridge does.
 *
 * <p>A thread-local, where the agent's bootstrap bridge keeps a slot table: this class lives in the
 * application's own class loader, so the thread-local is the application's like any library's, and
 * one small array per thread that runs statements is what it costs.
 */
final class CallDepth {

  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private CallDepth() {}

  /** Raises the current thread's depth; true when this is its outermost call. */
  static boolean enter() {
    return DEPTH.get()[0]++ == 0;
  }

  /** Lowers the depth {@link #enter} raised. */
  static void exit() {
    DEPTH.get()[0]--;
  }
}
