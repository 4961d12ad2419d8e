package io.querylens.agent.instrumentation;

import io.querylens.bootstrap.QueryLensBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into every JDBC {@code Driver}: tells the agent which databases the application
 * uses.
 */
final class DriverAdvice {

  private DriverAdvice() {}

  /** {@code connect(String url, Properties info)}. */
  static final class Connect {
    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(
        @Advice.This Object driver,
        @Advice.Argument(0) String url,
        @Advice.Argument(1) Object properties,
        @Advice.Return Object connection) {
      QueryLensBridge.onConnected(driver, url, properties, connection);
    }
  }
}
