package io.querylens.exporter;

import io.querylens.core.config.Settings;
import io.querylens.core.log.AgentLog;
import java.lang.ref.WeakReference;

/**
 * Finds, for the thread a statement starts on, the OpenTelemetry API the application traces with:
 * the OpenTelemetry Java agent's when that agent is attached (its bridge routes an application's
 * own API calls there too), else the one the thread's context class loader sees.
 *
 * <p>The agent's copy is looked for at the first statement, not at startup: with QueryLens first on
 * the command line, the other agent's classes are not yet on the bootstrap path while ours starts.
 * Class loaders are remembered weakly, a few at a time, and so is what was found in each (its
 * {@code Span} class keeps that alive), so that a redeployed application's loader is never held by
 * us; a look-up on a known loader allocates nothing.
 */
final class ApplicationTracingFinder {

  /**
   * Enough for an application server's handful of deployments; past it, the oldest is forgotten.
   */
  private static final int REMEMBERED_LOADERS = 8;

  private final String applicationApi;
  private final String javaagentApi;
  private final LoaderTracing[] remembered = new LoaderTracing[REMEMBERED_LOADERS];
  private int nextSlot;
  private volatile ApplicationTracing javaagent;
  private final Runnable whenJavaagentFound;
  private final boolean sameLoader;

  /**
   * @param applicationApi the API's package as an application has it ({@code io.opentelemetry.api})
   * @param javaagentApi the same package as the OpenTelemetry Java agent relocates it into the
   *     bootstrap loader
   * @param whenJavaagentFound run once, on the first statement, if that agent is attached
   */
  ApplicationTracingFinder(
      String applicationApi, String javaagentApi, Runnable whenJavaagentFound) {
    this.applicationApi = applicationApi;
    this.javaagentApi = javaagentApi;
    this.whenJavaagentFound = whenJavaagentFound;
    this.sameLoader = false;
  }

  private ApplicationTracingFinder() {
    this.applicationApi = null;
    this.javaagentApi = null;
    this.whenJavaagentFound = null;
    this.sameLoader = true;
  }

  /**
   * Library mode: our OpenTelemetry API is the application's (the OpenTelemetry Java agent, when
   * attached, bridges that same API), so every thread's current span is read directly.
   */
  static ApplicationTracingFinder sameLoader() {
    return new ApplicationTracingFinder();
  }

  /** Finds the API by its real package names, whatever the shading of our own copy did. */
  static ApplicationTracingFinder standard() {
    return new ApplicationTracingFinder(
        unrelocated("opentelemetry.api"),
        unrelocated("opentelemetry.javaagent.shaded.io.opentelemetry.api"),
        () -> {
          String advice = JavaagentJdbcAdvice.adviceFor(Settings.fromSystem());
          if (advice != null) {
            AgentLog.warnOnce("javaagent-jdbc", advice);
          }
        });
  }

  /**
   * Built at run time: the agent jar's shading rewrites every string literal that starts with our
   * own OpenTelemetry's package, and these name the application's.
   */
  private static String unrelocated(String afterIo) {
    return "io." + afterIo;
  }

  ApplicationTracing forCurrentThread() {
    if (sameLoader) {
      return ApplicationTracing.SAME_LOADER;
    }
    ApplicationTracing agent = javaagent;
    if (agent == null) {
      agent = ApplicationTracing.in(null, javaagentApi);
      javaagent = agent;
      if (agent.found()) {
        whenJavaagentFound.run();
      }
    }
    if (agent.found()) {
      return agent;
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      return ApplicationTracing.NONE;
    }
    for (LoaderTracing known : remembered) {
      if (known != null && known.loader.get() == loader) {
        ApplicationTracing tracing = known.tracing.get();
        if (tracing != null) {
          return tracing;
        }
      }
    }
    ApplicationTracing found = ApplicationTracing.in(loader, applicationApi);
    // Racing threads may overwrite each other's slot: a loader then is looked up once more later.
    remembered[nextSlot] = new LoaderTracing(loader, found);
    nextSlot = (nextSlot + 1) % REMEMBERED_LOADERS;
    return found;
  }

  /** Immutable, so a slot read without a lock sees both fields or the slot's older entry. */
  private static final class LoaderTracing {
    final WeakReference<ClassLoader> loader;
    final WeakReference<ApplicationTracing> tracing;

    LoaderTracing(ClassLoader loader, ApplicationTracing tracing) {
      this.loader = new WeakReference<>(loader);
      this.tracing = new WeakReference<>(tracing);
    }
  }
}
