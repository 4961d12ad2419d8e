package io.querylens.agent.instrumentation;

import io.querylens.bootstrap.QueryLensBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into every JDBC {@code Connection}: remembers the SQL of each prepared statement.
 */
final class ConnectionAdvice {

  private ConnectionAdvice() {}

  /** {@code prepareStatement(String, ...)} and {@code prepareCall(String, ...)}. */
  static final class Prepare {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Argument(0) String sql, @Advice.Return Object statement) {
      QueryLensBridge.onPrepared(statement, sql);
    }
  }
}
