package io.querylens.agent.instrumentation;

import io.querylens.bootstrap.QueryLensBridge;
import io.querylens.core.log.AgentLog;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether a class loader resolves {@code io.querylens.bootstrap} to the bootstrap bridge. A loader
 * that delegates only {@code java.*} to its parent (OSGi without boot delegation, JBoss modules)
 * cannot: a class of it that called the bridge would throw {@code NoClassDefFoundError} in the
 * application's own JDBC call. Such classes are left as they are, and that is said once per kind of
 * loader.
 *
 * <p>The answer is probed once per loader and remembered under a weak key, so that remembering it
 * never keeps an undeployed application's loader alive; the values are plain booleans.
 */
final class BridgeVisibility {

  private static final String BRIDGE = QueryLensBridge.class.getName();

  private final Map<ClassLoader, Boolean> seen = Collections.synchronizedMap(new WeakHashMap<>());

  /** Whether classes defined by {@code loader} (null: the bootstrap loader) reach the bridge. */
  boolean reachesBridge(ClassLoader loader) {
    if (loader == null) {
      return true;
    }
    Boolean known = seen.get(loader);
    if (known == null) {
      known = probe(loader);
      seen.put(loader, known);
      if (!known) {
        AgentLog.warnOnce(
            "bridge-invisible:" + loader.getClass().getName(),
            "the JDBC classes of class loader "
                + loader.getClass().getName()
                + " cannot see the agent's bootstrap classes (io.querylens.bootstrap); they are"
                + " left untouched and their statements are not traced");
      }
    }
    return known;
  }

  /**
   * Asks the loader itself, as the rewritten class would: any answer but the bootstrap's own bridge
   * (not found, a linkage error, another copy) means the class must not be rewritten.
   */
  private static boolean probe(ClassLoader loader) {
    try {
      return Class.forName(BRIDGE, false, loader) == QueryLensBridge.class;
    } catch (Throwable notVisible) {
      return false;
    }
  }
}
