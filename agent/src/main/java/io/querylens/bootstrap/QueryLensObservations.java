package io.querylens.bootstrap;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the agent's statements did, for code in the application's class loaders (the JUnit
 * extension), which cannot see the agent's own classes: on the bootstrap class path, in JDK types
 * only. The agent installs the implementation at startup; until then, and without the agent, it
 * observes nothing.
 *
 * <p>Every method catches every Throwable: it is called from the application's code.
 */
public final class QueryLensObservations {

  /** The agent's side, in its own class loader. */
  public interface Source {
    /** Tells {@code listener} of each recorded execution (as a map) until the handle closes. */
    AutoCloseable observe(Consumer<Map<String, Object>> listener);

    /** Waits until every execution ended so far has been told; false if nothing records yet. */
    boolean flush(long timeoutMillis);

    /**
     * Each text's planned scans (and, when {@code missingIndexes}, the indexes the advisor proposes
     * for it), as maps; null when the server cannot be reached.
     */
    List<Map<String, Object>> plan(
        String address, int port, List<String> sanitizedTexts, boolean missingIndexes);
  }

  private static final AutoCloseable NOT_OBSERVING = () -> {};

  private static volatile Source source;

  private QueryLensObservations() {}

  /** Called once by the agent at startup. */
  public static void install(Source implementation) {
    source = implementation;
  }

  /** Whether an agent in this JVM installed the implementation. */
  public static boolean installed() {
    return source != null;
  }

  public static AutoCloseable observe(Consumer<Map<String, Object>> listener) {
    Source installed = source;
    if (installed == null || listener == null) {
      return NOT_OBSERVING;
    }
    try {
      AutoCloseable handle = installed.observe(listener);
      return () -> closeQuietly(handle);
    } catch (Throwable t) {
      return NOT_OBSERVING;
    }
  }

  public static boolean flush(long timeoutMillis) {
    Source installed = source;
    try {
      return installed != null && installed.flush(timeoutMillis);
    } catch (Throwable t) {
      return false;
    }
  }

  public static List<Map<String, Object>> plan(
      String address, int port, List<String> sanitizedTexts, boolean missingIndexes) {
    Source installed = source;
    try {
      return installed == null
          ? null
          : installed.plan(address, port, sanitizedTexts, missingIndexes);
    } catch (Throwable t) {
      return null;
    }
  }

  private static void closeQuietly(AutoCloseable handle) {
    try {
      handle.close();
    } catch (Throwable t) {
      // Closing a listener's handle cannot fail in a way the caller could act on.
    }
  }
}
