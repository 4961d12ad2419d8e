package io.querylens.runtime;

import io.opentelemetry.sdk.metrics.export.MetricProducer;
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
import io.querylens.exporter.metrics.PostgresMetricProducer;
import io.querylens.runtime.jdbc.JavaagentSuppression;
import io.querylens.runtime.jdbc.JdbcStatementTracer;
import io.querylens.runtime.jdbc.OwnConnections;
import io.querylens.runtime.jdbc.PostgresDiscovery;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Everything QueryLens runs in one process, built from the settings: the statement tracer the JDBC
 * calls reach, the telemetry it records into, and, for PostgreSQL, the sampler and the advisor. The
 * agent builds one behind its bytecode bridge, the library behind its {@code DataSource} wrapper;
 * both get the same objects, so what one records the other records too.
 */
public final class QueryLensRuntime {

  public static final String ENABLED = Settings.PREFIX + "enabled";
  static final String CAPTURE_BIND_VALUES = Settings.PREFIX + "capture-bind-values";
  static final String CACHE_ENTRIES = Settings.PREFIX + "statement-cache.max-entries";
  static final String MAX_SHAPES = Settings.PREFIX + "statements.max-shapes";
  static final String SPANS_PER_SHAPE = Settings.PREFIX + "spans.per-shape-per-second";
  static final String SPANS_SLOWER_THAN = Settings.PREFIX + "spans.always-slower-than";
  static final Duration DEFAULT_SPANS_SLOWER_THAN = Duration.ofMillis(100);

  /**
   * Root spans are examples: the duration histogram and the shape's statistics count every
   * execution, and a statement inside a sampled application trace gets its span whatever the
   * budget. Ten a second (36,000 an hour) of each shape is plenty of examples; at 100, an
   * order-entry application of 30 shapes exported 2,500 spans a second, about a third of what
   * QueryLens cost it (docs/performance.md).
   */
  static final int DEFAULT_SPANS_PER_SHAPE = 10;

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

  /** How long the JVM's exit waits for the samplers to hand their locks back. */
  private static final long SAMPLER_CLOSE_MILLIS = 2_000;

  private final QueryLensTelemetry telemetry;
  private final JdbcStatementTracer statements;
  private final StatementShapeCache shapes;
  private final ObservedStatements statistics;
  private final SamplerRegistry samplers;
  private final List<MetricProducer> producers;
  private final Runnable advisor;
  private final boolean captureBindValues;

  private QueryLensRuntime(Settings strict) {
    LenientSettings settings = new LenientSettings(strict);
    int cacheEntries = settings.getInt(CACHE_ENTRIES, 10_000, 16, 1_000_000);

    SamplerConfiguration sampling = SamplerConfiguration.read(strict);
    samplers =
        sampling.enabled
            ? new SamplerRegistry(sampling.settings, Clock.systemUTC(), new AgentSamplerLog())
            : null;
    if (samplers != null) {
      samplers.runSessionsThrough(JavaagentSuppression.SHARED);
      resignAtExit(samplers);
    }
    producers =
        sampling.enabled
            ? List.of(new PostgresMetricProducer(samplers::latestSnapshots))
            : List.of();

    statistics = new ObservedStatements(settings.getInt(MAX_SHAPES, 1_000, 10, 100_000));
    int spansPerShape =
        settings.getInt(SPANS_PER_SHAPE, DEFAULT_SPANS_PER_SHAPE, 0, Integer.MAX_VALUE);
    Duration slowerThan = settings.getDuration(SPANS_SLOWER_THAN, DEFAULT_SPANS_SLOWER_THAN);
    telemetry = QueryLensTelemetry.prepare(statistics, new SpanSampling(spansPerShape, slowerThan));
    advisor = sampling.enabled ? advisor(strict, samplers, statistics, telemetry) : null;
    shapes = new StatementShapeCache(cacheEntries, cacheEntries * 2048L);
    captureBindValues = settings.getBoolean(CAPTURE_BIND_VALUES, false);
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
    statements =
        new JdbcStatementTracer(telemetry.statements(), shapes, own, discovery, captureBindValues);
  }

  /**
   * Reads the settings and builds the runtime, nothing started yet; null when {@code
   * querylens.enabled=false}, said in one line.
   */
  public static QueryLensRuntime fromSettings(Settings strict) {
    if (!new LenientSettings(strict).getBoolean(ENABLED, true)) {
      AgentLog.info("disabled by " + ENABLED + "=false; the application runs untraced");
      return null;
    }
    return new QueryLensRuntime(strict);
  }

  /** What the JDBC calls reach: the agent's bridge, or the library's wrappers. */
  public JdbcStatementTracer statements() {
    return statements;
  }

  public QueryLensTelemetry telemetry() {
    return telemetry;
  }

  /** Whether prepared statements' bind values are recorded (opt-in: they are the application's). */
  public boolean capturesBindValues() {
    return captureBindValues;
  }

  /**
   * First runs {@code warmUp} and loads the classes the application's first JDBC calls will need
   * (the fingerprinter's), then builds the OpenTelemetry SDK, then registers the advisor, all on
   * one background thread while the application starts: the SDK's classes take a few hundred
   * milliseconds to load, and executions queue until it is ready.
   *
   * @param whenStarted called on that thread once the SDK is built
   */
  public void startInBackground(String version, Runnable warmUp, Runnable whenStarted) {
    Thread starter =
        new Thread(
            () -> {
              warmUp.run();
              shapes.shapeOf(WARM_UP_SQL);
              if (telemetry.start(version, producers)) {
                whenStarted.run();
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
    return () ->
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
}
