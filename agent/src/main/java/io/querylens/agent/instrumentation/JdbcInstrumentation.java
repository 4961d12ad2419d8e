package io.querylens.agent.instrumentation;

import io.querylens.core.log.AgentLog;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the agent's {@link JdbcClassRewriter}, so that every JDBC driver's (and pool's)
 * statement, connection and driver class is rewritten as it loads, and rewrites in place those
 * already loaded (a late attach, or a class loaded before {@code premain}).
 */
public final class JdbcInstrumentation {

  /** Packages never rewritten: the JDK's, where no driver lives, and the agent's own. */
  private static final String[] NEVER_REWRITTEN = {
    "java/", "jdk/", "sun/", "com/sun/", "io/querylens/"
  };

  private JdbcInstrumentation() {}

  /** Whether the class of {@code internalName} (null for a hidden class) is never rewritten. */
  static boolean neverRewritten(String internalName) {
    if (internalName == null) {
      return true;
    }
    for (String prefix : NEVER_REWRITTEN) {
      if (internalName.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * @param captureBindValues also rewrite the prepared statements' setters; decided here, once, so
   *     that with capture off they are never touched and cost nothing
   * @param countRows make the result set classes count the rows read; with it off they are never
   *     touched
   * @param commentSql plain statements send their text through the bridge's trace comment; with it
   *     off their SQL argument is never touched
   * @return a warm-up to run off the application's threads: it loads the rewriter's classes before
   *     the application's first driver class needs them
   */
  public static Runnable install(
      Instrumentation instrumentation,
      boolean captureBindValues,
      boolean countRows,
      boolean commentSql) {
    JdbcClassRewriter rewriter = new JdbcClassRewriter(captureBindValues, countRows, commentSql);
    instrumentation.addTransformer(rewriter, true);
    rewriteLoaded(instrumentation);
    return rewriter::warmUp;
  }

  /**
   * Classes loaded before the rewriter was registered are rewritten in place: retransformation may
   * change method bodies, which is all the advice does. At {@code -javaagent} start there is
   * usually none.
   */
  private static void rewriteLoaded(Instrumentation instrumentation) {
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (JdbcRoles.of(type) != JdbcRoles.NONE
          && !neverRewritten(type.getName().replace('.', '/'))
          && instrumentation.isModifiableClass(type)) {
        loaded.add(type);
      }
    }
    if (loaded.isEmpty()) {
      return;
    }
    if (!instrumentation.isRetransformClassesSupported()) {
      AgentLog.warn(
          "this JVM cannot retransform classes; the "
              + loaded.size()
              + " JDBC classes loaded before the agent are not traced");
      return;
    }
    for (Class<?> type : loaded) {
      try {
        instrumentation.retransformClasses(type);
      } catch (Throwable t) {
        AgentLog.warnOnce(
            "retransform:" + type.getName(),
            "could not instrument " + type.getName() + ", its statements are not traced: " + t);
      }
    }
  }
}
