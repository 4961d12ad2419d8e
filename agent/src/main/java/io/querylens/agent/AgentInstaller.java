package io.querylens.agent;

import io.querylens.agent.instrumentation.JdbcInstrumentation;
import io.querylens.bootstrap.QueryLensBridge;
import io.querylens.bootstrap.QueryLensObservations;
import io.querylens.core.config.Settings;
import io.querylens.core.log.AgentLog;
import io.querylens.exporter.QueryLensTelemetry;
import io.querylens.runtime.QueryLensRuntime;
import io.querylens.runtime.jdbc.OwnDriver;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Starts the agent inside its own class loader: builds the runtime from the configuration, sets the
 * bridge's tracer, then rewrites the JDBC classes. Called once, reflectively, by the launcher.
 */
public final class AgentInstaller {

  private static final LongAdder AGENT_FAILURES = new LongAdder();

  private AgentInstaller() {}

  /** Called by the launcher, on {@code premain} and on a late attach ({@code agentmain}) alike. */
  public static void install(Instrumentation instrumentation, String agentArgs, long startNanos) {
    QueryLensRuntime runtime = QueryLensRuntime.fromSettings(Settings.fromSystem());
    if (runtime == null) {
      return;
    }
    QueryLensBridge.install(
        FailureInjection.around(
            new BridgeTracer(runtime.statements()), System.getProperty(FailureInjection.PROPERTY)),
        AgentInstaller::agentFailed);
    QueryLensObservations.install(new AgentObservations());
    runtime.runOwnSessionsThrough(AgentInstaller::asDriverWork);
    runtime.connectSamplersWith(OwnDriver.of(AgentInstaller::relocatedPgjdbc));
    Runnable instrumentationWarmUp =
        JdbcInstrumentation.install(
            instrumentation,
            runtime.capturesBindValues(),
            runtime.countsRows(),
            runtime.commentsTraceparent());
    QueryLensTelemetry telemetry = runtime.telemetry();
    runtime.startInBackground(
        AgentVersion.get(), instrumentationWarmUp, () -> countFailures(telemetry));
    AgentLog.debug(
        "started in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) + " ms");
  }

  /**
   * The agent's own sessions' statements count as nested in a JDBC call, as a driver's own queries
   * do: the bridge lets them through untraced on its common path, with no look-up of their
   * connection.
   */
  private static void asDriverWork(Runnable work) {
    Object depthRaised = QueryLensBridge.onDriverWorkStart();
    try {
      work.run();
    } finally {
      QueryLensBridge.onDriverWorkEnd(depthRaised);
    }
  }

  /**
   * The pgjdbc the agent's jar carries, relocated. Loading its class registers one instance with
   * {@code DriverManager}, which is taken out again at once: the application's {@code
   * DriverManager} lists only its own drivers, as without the agent.
   */
  private static java.sql.Driver relocatedPgjdbc() {
    org.postgresql.Driver driver = new org.postgresql.Driver();
    try {
      if (org.postgresql.Driver.isRegistered()) {
        org.postgresql.Driver.deregister();
      }
    } catch (Throwable t) {
      AgentLog.debug("the agent's own PostgreSQL driver stays registered: " + t);
    }
    return driver;
  }

  /** The agent's own failures leave the process as a counter, so a dashboard sees them. */
  private static void countFailures(QueryLensTelemetry telemetry) {
    telemetry
        .openTelemetry()
        .getMeter("io.querylens")
        .counterBuilder("querylens.agent.failures")
        .setUnit("{failure}")
        .setDescription("Errors of the agent's own code on application threads, each swallowed.")
        .buildWithCallback(measurement -> measurement.record(agentFailures()));
  }

  /** A Throwable from the agent's own code on an application thread: counted, told once. */
  static void agentFailed(Throwable t) {
    AGENT_FAILURES.increment();
    AgentLog.warnOnce(
        "agent-failure:" + t.getClass().getName(),
        "internal error, the application's statement went on untraced: " + t);
  }

  public static long agentFailures() {
    return AGENT_FAILURES.sum();
  }
}
