package io.querylens.runtime.jdbc;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;

/**
 * Runs QueryLens's own database work (the sampler's and advisor's sessions, and the one catalog
 * read per application connection that finds its database name) where the OpenTelemetry Java
 * agent's instrumentation does not look: inside that agent's "suppress instrumentation" context,
 * which every one of its instrumenters honours. Its JDBC instrumentation, when left on, would
 * otherwise trace every catalog read of ours as a statement of the application's (about 290 spans a
 * minute). The sampler uses the application's own driver class, so excluding classes or class
 * loaders from that agent could not tell our sessions from the application's; the context can.
 *
 * <p>Looked for at the first run, not at startup: with QueryLens first on the command line, the
 * other agent's classes are not on the bootstrap path yet when ours starts. Without that agent, or
 * if its API changed, a run is just run.
 */
public final class JavaagentSuppression implements Executor {

  /** One for the whole agent: the look-up is made once. */
  public static final JavaagentSuppression SHARED = new JavaagentSuppression();

  private volatile MethodHandle suppress;
  private volatile boolean looked;

  @Override
  public void execute(Runnable run) {
    MethodHandle found = suppressor();
    if (found == null) {
      run.run();
      return;
    }
    try {
      found.invokeExact(run);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /** Whether the OpenTelemetry Java agent's suppression was found. */
  boolean active() {
    return suppressor() != null;
  }

  private MethodHandle suppressor() {
    if (!looked) {
      suppress = find();
      looked = true;
    }
    return suppress;
  }

  private static MethodHandle find() {
    try {
      Class<?> util =
          Class.forName(
              unrelocated(
                  "opentelemetry.javaagent.shaded.io.opentelemetry.api.impl"
                      + ".InstrumentationUtil"),
              false,
              null);
      return MethodHandles.publicLookup()
          .findStatic(
              util, "suppressInstrumentation", MethodType.methodType(void.class, Runnable.class));
    } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
      return null;
    }
  }

  /**
   * The other agent's class name, built at run time: the agent jar's shading rewrites every string
   * literal that starts with our own OpenTelemetry's package.
   */
  private static String unrelocated(String afterIo) {
    return "io." + afterIo;
  }
}
