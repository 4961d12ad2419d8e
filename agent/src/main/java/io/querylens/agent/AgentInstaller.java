package io.querylens.agent;

import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.querylens.agent.instrumentation.JdbcInstrumentation;
import io.querylens.agent.jdbc.JavaagentSuppression;
import io.querylens.agent.jdbc.JdbcStatementTracer;
import io.querylens.agent.jdbc.OwnConnections;
import io.querylens.agent.jdbc.PostgresDiscovery;
import io.querylens.bootstrap.QueryLensBridge;
import io.querylens.core.config.Settings;
import io.querylens.core.insight.RegressionRule;
import io.querylens.core.insight.RegressionSettings;
import io.querylens.core.insight.SlowStatementRule;
import io.querylens.core.insight.Thresholds;
import io.querylens.core.log.AgentLog;
import io.querylens.core.pg.SamplerRegistry;
import io.querylens.core.sql.StatementShapeCache;
import io.querylens.core.stats.ObservedStatements;
import io.querylens.exporter.QueryLensTelemetry;
import io.querylens.exporter.SpanSampling;
import io.querylens.exporter.findings.FindingsExporter;
import io.querylens.exporter.findings.QuerySampleEvents;
import io.querylens.exporter.metrics.PostgresMetricProducer;
import java.lang.instrument.Instrumentation;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Starts the agent inside its own class loader: reads the configuration, builds the telemetry, sets
 * the bridge's tracer, then rewrites the JDBC classes. Called once, reflectively, by the launcher.
 */
public final class AgentInstaller {

  static final String ENABLED = Settings.PREFIX + "enabled";
  static final String CAPTURE_BIND_VALUES = Settings.PREFIX + "capture-bind-values";
  static final String CACHE_ENTRIES = Settings.PREFIX + "statement-cache.max-entries";
  static final String MAX_SHAPES = Settings.PREFIX + "statements.max-shapes";
  static final String SPANS_PER_SHAPE = Settings.PREFIX + "spans.per-shape-per-second";
  static final String SPANS_SLOWER_THAN = Settings.PREFIX + "spans.always-slower-than";
  static final Duration DEFAULT_SPANS_SLOWER_THAN = Duration.ofMillis(100);

  /**
   * Enough to see every statement of an ordinary request path, few enough that a shape run tens of
   * thousands of times a second costs the application almost nothing to export.
   */
  static final int DEFAULT_SPANS_PER_SHAPE = 100;

  static final String SLOW_P95 = Settings.PREFIX + "advisor.slow-statement-p95";
  static final String PLANNING_ENABLED = Settings.PREFIX + "advisor.planning.enabled";
  static final String PLANNING_INTERVAL = Settings.PREFIX + "advisor.planning.interval";
  static final Duration DEFAULT_PLANNING_INTERVAL = Duration.ofMinutes(10);
  static final String REGRESSION_WINDOW = Settings.PREFIX + "advisor.regression-window";
  static final String REGRESSION_FACTOR = Settings.PREFIX + "advisor.regression-factor";
  static final String REGRESSION_MIN_INCREASE = Settings.PREFIX + "advisor.regression-min-increase";
  static final String REGRESSION_MIN_CALLS = Settings.PREFIX + "advisor.regression-min-calls";

  /** Long enough for a shape run once a second to have 600 executions in each window. */
  static final Duration DEFAULT_REGRESSION_WINDOW = Duration.ofMinutes(10);

  /** Fingerprinted once at start, off the application's threads, to load the lexer's classes. */
  private static final String WARM_UP_SQL =
      "SELECT a.id, b.name FROM accounts a JOIN owners b ON b.id = a.owner_id WHERE a.id = ?"
          + " AND b.kind IN (1, 2) AND a.note <> 'x' ORDER BY a.id LIMIT 10";

  private static final LongAdder AGENT_FAILURES = new LongAdder();

  private AgentInstaller() {}

  /** Called by the launcher, on {@code premain} and on a late attach ({@code agentmain}) alike. */
  public static void install(Instrumentation instrumentation, String agentArgs, long startNanos) {
    Settings strict = Settings.fromSystem();
    LenientSettings settings = new LenientSettings(strict);
    if (!settings.getBoolean(ENABLED, true)) {
      AgentLog.info("disabled by " + ENABLED + "=false; the application runs untraced");
      return;
    }
    int cacheEntries = settings.getInt(CACHE_ENTRIES, 10_000, 16, 1_000_000);

    SamplerConfiguration sampling = SamplerConfiguration.read(strict);
    SamplerRegistry samplers =
        sampling.enabled
            ? new SamplerRegistry(sampling.settings, Clock.systemUTC(), new AgentSamplerLog())
            : null;
    if (samplers != null) {
      samplers.runSessionsThrough(JavaagentSuppression.SHARED);
      resignAtExit(samplers);
    }
    List<MetricProducer> producers =
        sampling.enabled
            ? List.of(new PostgresMetricProducer(samplers::latestSnapshots))
            : List.of();

    ObservedStatements statistics =
        new ObservedStatements(settings.getInt(MAX_SHAPES, 1_000, 10, 100_000));
    int spansPerShape =
        settings.getInt(SPANS_PER_SHAPE, DEFAULT_SPANS_PER_SHAPE, 0, Integer.MAX_VALUE);
    Duration slowerThan = settings.getDuration(SPANS_SLOWER_THAN, DEFAULT_SPANS_SLOWER_THAN);
    QueryLensTelemetry telemetry =
        QueryLensTelemetry.prepare(statistics, new SpanSampling(spansPerShape, slowerThan));
    Runnable advisor = sampling.enabled ? advisor(strict, samplers, statistics, telemetry) : null;
    StatementShapeCache shapes = new StatementShapeCache(cacheEntries, cacheEntries * 2048L);
    boolean captureBindValues = settings.getBoolean(CAPTURE_BIND_VALUES, false);
    if (captureBindValues) {
      AgentLog.info(
          CAPTURE_BIND_VALUES
              + "=true: prepared statements' bind values are exported on their spans");
    }
    OwnConnections own = new OwnConnections();
    PostgresDiscovery discovery =
        sampling.enabled
            ? new PostgresDiscovery(samplers, own, sampling.url, sampling.credentials)
            : null;
    QueryLensBridge.install(
        FailureInjection.around(
            new JdbcStatementTracer(
                telemetry.statements(), shapes, own, discovery, captureBindValues),
            System.getProperty(FailureInjection.PROPERTY)),
        AgentInstaller::agentFailed);
    Runnable instrumentationWarmUp =
        JdbcInstrumentation.install(instrumentation, captureBindValues);
    startInBackground(
        () -> {
          instrumentationWarmUp.run();
          shapes.shapeOf(WARM_UP_SQL);
        },
        telemetry,
        producers,
        advisor);
    AgentLog.debug(
        "started in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) + " ms");
  }

  /**
   * First loads the classes the application's first JDBC calls will need (the rewriter's and the
   * fingerprinter's), then builds the OpenTelemetry SDK, while the application starts: the SDK's
   * classes take a few hundred milliseconds to load, and executions queue until it is ready.
   */
  private static void startInBackground(
      Runnable warmUp,
      QueryLensTelemetry telemetry,
      List<MetricProducer> producers,
      Runnable advisor) {
    Thread starter =
        new Thread(
            () -> {
              warmUp.run();
              if (telemetry.start(AgentVersion.get(), producers)) {
                countFailures(telemetry);
              }
              if (advisor != null) {
                advisor.run();
              }
            },
            "querylens-start");
    starter.setDaemon(true);
    starter.start();
  }

  /**
   * At the JVM's exit the samplers hand their election lock back ({@code pg_advisory_unlock}), so
   * another instance takes over at its next tick even where the session outlives the process (a
   * pooler in between). Bounded: a server that does not answer never holds the exit.
   */
  private static void resignAtExit(SamplerRegistry samplers) {
    Thread hook =
        new Thread(
            null,
            () -> {
              Thread closing =
                  new Thread(null, samplers::stopAtExit, "querylens-sampler-close", 0, false);
              closing.setDaemon(true);
              closing.start();
              try {
                closing.join(SAMPLER_CLOSE_MILLIS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "querylens-sampler-shutdown",
            0,
            false);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** How long the JVM's exit waits for the samplers to hand their locks back. */
  private static final long SAMPLER_CLOSE_MILLIS = 2_000;

  /** Reads the advisor's settings now; registers it with the sampler once the SDK is built. */
  private static Runnable advisor(
      Settings strict,
      SamplerRegistry samplers,
      ObservedStatements statistics,
      QueryLensTelemetry telemetry) {
    LenientSettings settings = new LenientSettings(strict);
    Duration slowP95 = settings.getDuration(SLOW_P95, Duration.ofMillis(500));
    boolean planning = settings.getBoolean(PLANNING_ENABLED, true);
    Duration planInterval = settings.getDuration(PLANNING_INTERVAL, DEFAULT_PLANNING_INTERVAL);
    RegressionRule regressions = regressionRule(settings);
    Thresholds thresholds = ThresholdSettings.read(strict);
    return () -> {
      // Before the advisor: its planning round may take a while, and the sessions are of now.
      samplers.onSnapshot(new QuerySampleEvents(telemetry.openTelemetry()));
      samplers.onSnapshot(
          new SnapshotAdvisor(
              samplers,
              new FindingsExporter(telemetry.openTelemetry()),
              statistics,
              new SlowStatementRule(slowP95, 10),
              regressions,
              planning ? planInterval : Duration.ZERO,
              thresholds,
              Clock.systemUTC()));
    };
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

  /**
   * Compares each shape's latencies in one window with the window before; a malformed setting is
   * told and its default used.
   */
  private static RegressionRule regressionRule(LenientSettings settings) {
    Duration window = settings.getDuration(REGRESSION_WINDOW, DEFAULT_REGRESSION_WINDOW);
    double factor = settings.getDouble(REGRESSION_FACTOR, RegressionSettings.DEFAULT_FACTOR, 1.0);
    Duration minIncrease =
        settings.getDuration(REGRESSION_MIN_INCREASE, RegressionSettings.DEFAULT_MIN_INCREASE);
    int minCalls =
        settings.getInt(
            REGRESSION_MIN_CALLS, (int) RegressionSettings.DEFAULT_MIN_CALLS, 1, Integer.MAX_VALUE);
    return new RegressionRule(new RegressionSettings(factor, minIncrease, minCalls), window);
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
