package io.querylens.junit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Agent mode: the agent's classes live in its own class loader, relocated, out of the test's reach;
 * only its bootstrap facade ({@code io.querylens.bootstrap.QueryLensObservations}, JDK types only)
 * is visible, and it is looked up in the bootstrap loader itself, so that a copy on the test's
 * class path could never stand in for it.
 */
final class AgentStatementSource implements StatementSource {

  static final String FACADE = "io.querylens.bootstrap.QueryLensObservations";

  private final Method observe;
  private final Method flush;
  private final Method plan;

  private AgentStatementSource(Class<?> facade) throws NoSuchMethodException {
    this.observe = facade.getMethod("observe", Consumer.class);
    this.flush = facade.getMethod("flush", long.class);
    this.plan = facade.getMethod("plan", String.class, int.class, List.class, boolean.class);
  }

  /** The facade when an agent in this JVM installed it; null otherwise. */
  static AgentStatementSource findInstalled() {
    try {
      Class<?> facade = Class.forName(FACADE, false, null);
      if (!Boolean.TRUE.equals(facade.getMethod("installed").invoke(null))) {
        return null;
      }
      return new AgentStatementSource(facade);
    } catch (ClassNotFoundException noAgent) {
      return null;
    } catch (ReflectiveOperationException | LinkageError other) {
      QueryLensExtension.tellOnce(
          "agent-facade", "the QueryLens agent's facade is not the one expected: " + other);
      return null;
    }
  }

  @Override
  public AutoCloseable observe(Consumer<Map<String, Object>> listener) {
    return (AutoCloseable) call(observe, listener);
  }

  @Override
  public boolean flush(long timeoutMillis) {
    return Boolean.TRUE.equals(call(flush, timeoutMillis));
  }

  @Override
  @SuppressWarnings("unchecked")
  public Optional<List<Map<String, Object>>> plan(
      String address, int port, List<String> sanitizedTexts, boolean missingIndexes) {
    return Optional.ofNullable(
        (List<Map<String, Object>>) call(plan, address, port, sanitizedTexts, missingIndexes));
  }

  @Override
  public String mode() {
    return "agent";
  }

  private static Object call(Method method, Object... arguments) {
    try {
      return method.invoke(null, arguments);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("the QueryLens agent failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("the QueryLens agent's facade is not accessible", e);
    }
  }
}
