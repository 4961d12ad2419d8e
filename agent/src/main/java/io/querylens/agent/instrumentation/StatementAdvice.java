package io.querylens.agent.instrumentation;

import io.querylens.bootstrap.QueryLensBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into every JDBC {@code Statement} implementation. No fields, no logic: each enter
 * calls the bootstrap bridge and returns its scope, each exit hands the scope back. Every Throwable
 * is suppressed, so an agent bug can never surface in the application's JDBC call.
 */
final class StatementAdvice {

  private StatementAdvice() {}

  /**
   * {@code execute(String...)}, {@code executeQuery(String)}, {@code executeUpdate(String...)}, ...
   */
  static final class ExecuteSql {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object statement, @Advice.Argument(0) String sql) {
      return QueryLensBridge.onExecuteStart(statement, sql, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object scope, @Advice.Thrown Throwable thrown) {
      QueryLensBridge.onExecuteEnd(scope, thrown);
    }
  }

  /**
   * A prepared statement's own {@code execute()}, {@code executeQuery()}, {@code executeUpdate()},
   * ...
   */
  static final class ExecutePrepared {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object statement) {
      return QueryLensBridge.onExecuteStart(statement, null, false);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object scope, @Advice.Thrown Throwable thrown) {
      QueryLensBridge.onExecuteEnd(scope, thrown);
    }
  }

  /** {@code executeBatch()} and {@code executeLargeBatch()}. */
  static final class ExecuteBatch {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(@Advice.This Object statement) {
      return QueryLensBridge.onExecuteStart(statement, null, true);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter Object scope, @Advice.Thrown Throwable thrown) {
      QueryLensBridge.onExecuteEnd(scope, thrown);
    }
  }

  /** {@code addBatch(String)}. */
  static final class AddBatchSql {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.This Object statement,
        @Advice.Argument(0) String sql,
        @Advice.Thrown Throwable thrown) {
      if (thrown == null) {
        QueryLensBridge.onBatchAdded(statement, sql);
      }
    }
  }

  /** A prepared statement's {@code addBatch()}. */
  static final class AddBatch {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object statement, @Advice.Thrown Throwable thrown) {
      if (thrown == null) {
        QueryLensBridge.onBatchAdded(statement, null);
      }
    }
  }

  /** {@code clearBatch()}. */
  static final class ClearBatch {
    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.This Object statement) {
      QueryLensBridge.onBatchCleared(statement);
    }
  }
}
