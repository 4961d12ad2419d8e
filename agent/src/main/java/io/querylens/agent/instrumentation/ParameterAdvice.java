package io.querylens.agent.instrumentation;

import io.querylens.bootstrap.QueryLensBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into every {@code PreparedStatement} implementation's setters, and only when
 * bind-value capture is on: off, these methods are never rewritten. No logic: the value goes to the
 * bridge as it is (a primitive boxed), and only once the driver accepted it.
 */
final class ParameterAdvice {

  private ParameterAdvice() {}

  /**
   * {@code setInt(int, int)}, {@code setString(int, String)}, {@code setObject(int, Object, ..)}.
   */
  static final class SetValue {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.This Object statement,
        @Advice.Argument(0) int index,
        @Advice.Argument(1) Object value,
        @Advice.Thrown Throwable thrown) {
      if (thrown == null) {
        QueryLensBridge.onParameterSet(statement, index, value);
      }
    }
  }

  /** {@code setNull(int, int, ..)}: its second argument is a type code, not a value. */
  static final class SetNull {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.This Object statement,
        @Advice.Argument(0) int index,
        @Advice.Thrown Throwable thrown) {
      if (thrown == null) {
        QueryLensBridge.onParameterSet(statement, index, null);
      }
    }
  }

  /** {@code clearParameters()}. */
  static final class Clear {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object statement) {
      QueryLensBridge.onParametersCleared(statement);
    }
  }
}
