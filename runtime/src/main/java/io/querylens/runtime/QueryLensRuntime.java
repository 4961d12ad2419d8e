package io.querylens.runtime;

import io.opentelemetry.api.OpenTelemetry;
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
import io.querylens.exporter.DatabaseObjectAttributes;
import io.querylens.exporter.QueryLensTelemetry;
import io.querylens.exporter.SpanSampling;
import io.querylens.exporter.findings.FindingsExporter;
import io.querylens.exporter.findings.QuerySampleEvents;
import io.querylens.exporter.metrics.PostgresMetricProducer;
import io.querylens.runtime.jdbc.JavaagentSuppression;
import io.querylens.runtime.jdbc.JdbcStatementTracer;
import io.querylens.runtime.jdbc.OwnConnections;
import io.querylens.runtime.jdbc.OwnDriver;
import io.querylens.runtime.jdbc.PostgresDiscovery;
import io.querylens.runtime.observe.ShapePlanner;
import io.querylens.runtime.observe.StatementObservations;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Everything QueryLens runs in one process, built from the settings: the statement tracer the JDBC
 * calls reach, the telemetry it records into, and, for PostgreSQL, the sampler and the advisor. The
 * agent builds one behind its bytecode bridge, the library behind its {@code DataSource} wrapper;
 * both get the same objects, so what one records the other records too.
 */
public final class QueryLensRuntime {

  public static final String ENABLED = Settings.PREFIX + "enabled";
  static final String CAPTURE_BIND_VALUES = Settings.PREFIX + "capture-bind-values";
  static final String TRACE_CONTEXT_APPLICATION_NAME =
      Settings.PREFIX + "trace-context.application-name";
  static final String TRACE_CONTEXT_SQL_COMMENT = Settings.PREFIX + "trace-context.sql-comment";
  static final String ROWS_ENABLED = Settings.PREFIX + "rows.enabled";
  static final String N_PLUS_ONE_THRESHOLD = Settings.PREFIX + "n-plus-one.threshold";
  static final String N_PLUS_ONE_REPEAT_INTERVAL = Settings.PREFIX + "n-plus-one.repeat-interval";

  /** A loop of more than ten queries per request is worth a look; fewer is often by design. */
  static final int DEFAULT_N_PLUS_ONE_THRESHOLD = 10;

  /**
   * A loop in a hot path runs in every request: after its first event, one a minute carries the
   * count of the rest.
   */
  static final Duration DEFAULT_N_PLUS_ONE_REPEAT_INTERVAL = Duration.ofMinutes(1);

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

  /** Each EXPLAIN a test's budget asks for gives up after this long. */
  private static final Duration PLAN_TIMEOUT = Duration.ofSeconds(5);

  /** How long the JVM's exit waits for the samplers to hand their locks back. */
  private static final long SAMPLER_CLOSE_MILLIS = 2_000;

  private final QueryLensTelemetry telemetry;
  private final JdbcStatementTracer statements;
  private final StatementShapeCache shapes;
  private final ObservedStatements statistics;
  private final SamplerRegistry samplers;
  private final PostgresDiscovery discovery; // null when sampling is off
  private final List<MetricProducer> producers;
  private final Runnable advisor;
  private final boolean captureBindValues;
  private final boolean commentTraceparent;
  private final boolean countRows;

  /** Library mode: the application's OpenTelemetry, or null to build our own SDK. */
  private final OpenTelemetry given;

  private volatile boolean producersRegisteredByApplication;

  /**
   * Library mode: {@code otel.*} settings given in code, over system properties and environment.
   */
  private final Map<String, String> otelOverrides;

  private QueryLensRuntime(Settings strict) {
    this(strict, false, null, null);
  }

  private QueryLensRuntime(
      Settings strict, boolean library, OpenTelemetry given, Map<String, String> otelOverrides) {
    this.given = given;
    this.otelOverrides = otelOverrides;
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
    DatabaseObjectAttributes names =
        DatabaseObjectAttributes.withLegacy(
            settings.getBoolean(DatabaseObjectAttributes.LEGACY_SETTING, false));
    producers =
        sampling.enabled
            ? List.of(new PostgresMetricProducer(samplers::latestSnapshots, names))
            : List.of();

    statistics = new ObservedStatements(settings.getInt(MAX_SHAPES, 1_000, 10, 100_000));
    int spansPerShape =
        settings.getInt(SPANS_PER_SHAPE, DEFAULT_SPANS_PER_SHAPE, 0, Integer.MAX_VALUE);
    Duration slowerThan = settings.getDuration(SPANS_SLOWER_THAN, DEFAULT_SPANS_SLOWER_THAN);
    SpanSampling spanSampling = new SpanSampling(spansPerShape, slowerThan);
    telemetry =
        library
            ? QueryLensTelemetry.prepareForLibrary(statistics, spanSampling)
            : QueryLensTelemetry.prepare(statistics, spanSampling);
    int nPlusOneThreshold =
        settings.getInt(N_PLUS_ONE_THRESHOLD, DEFAULT_N_PLUS_ONE_THRESHOLD, 0, Integer.MAX_VALUE);
    telemetry.findNPlusOneOver(
        nPlusOneThreshold,
        settings.getDuration(N_PLUS_ONE_REPEAT_INTERVAL, DEFAULT_N_PLUS_ONE_REPEAT_INTERVAL));
    advisor = sampling.enabled ? advisor(strict, samplers, statistics, telemetry, names) : null;
    shapes = new StatementShapeCache(cacheEntries, cacheEntries * 2048L);
    captureBindValues = settings.getBoolean(CAPTURE_BIND_VALUES, false);
    if (captureBindValues) {
      AgentLog.info(
          CAPTURE_BIND_VALUES
              + "=true: prepared statements' bind values are exported on their spans");
    }
    countRows = settings.getBoolean(ROWS_ENABLED, true);
    OwnConnections own = new OwnConnections();
    discovery =
        sampling.enabled
            ? new PostgresDiscovery(samplers, own, sampling.url, sampling.credentials)
            : null;
    boolean propagate = settings.getBoolean(TRACE_CONTEXT_APPLICATION_NAME, false);
    if (propagate) {
      AgentLog.info(
          TRACE_CONTEXT_APPLICATION_NAME
              + "=true: PostgreSQL sessions take the traceparent of the request they serve as"
              + " application_name");
    }
    commentTraceparent = settings.getBoolean(TRACE_CONTEXT_SQL_COMMENT, false);
    if (commentTraceparent) {
      AgentLog.info(
          TRACE_CONTEXT_SQL_COMMENT
              + "=true: plain statements are sent with a trailing /*traceparent='...'*/ comment");
    }
    statements =
        new JdbcStatementTracer(
            telemetry.statements(),
            shapes,
            own,
            discovery,
            captureBindValues,
            propagate,
            nPlusOneThreshold > 0,
            commentTraceparent);
    // What a test's statements did, for the JUnit extension: nothing is built while none listens.
    StatementObservations.attach(telemetry, new ShapePlanner(discovery, PLAN_TIMEOUT));
  }

  /**
   * Runs the samplers' sessions inside {@code ownWork} too, within the OpenTelemetry agent's
   * suppression: the agent marks their statements as its own there, so they never reach the
   * statement tracer, whose compiled hot path would otherwise be thrown away when the first sample
   * (10 s in) takes a branch the application's statements never took.
   */
  public void runOwnSessionsThrough(Executor ownWork) {
    if (samplers != null) {
      samplers.runSessionsThrough(
          work -> ownWork.execute(() -> JavaagentSuppression.SHARED.execute(work)));
    }
  }

  /**
   * The samplers connect with {@code driver}, the agent's own pgjdbc, wherever it can stand in for
   * the application's ({@link OwnDriver}). Called before the application's first connection.
   */
  public void connectSamplersWith(OwnDriver driver) {
    if (discovery != null) {
      discovery.connectWith(driver);
    }
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

  /**
   * Library mode: as {@link #fromSettings}, with QueryLens sharing the application's OpenTelemetry
   * API. {@code openTelemetry} is the application's own instance to record into, or null to build
   * an SDK from the standard configuration, with {@code otelOverrides} over it.
   */
  public static QueryLensRuntime forLibrary(
      Settings strict, OpenTelemetry openTelemetry, Map<String, String> otelOverrides) {
    if (!new LenientSettings(strict).getBoolean(ENABLED, true)) {
      AgentLog.info("disabled by " + ENABLED + "=false; the application runs untraced");
      return null;
    }
    return new QueryLensRuntime(strict, true, openTelemetry, Map.copyOf(otelOverrides));
  }

  /**
   * Library mode, when the application is done with it: stops the samplers and exports what is
   * left. The JVM's exit does the same for a runtime never closed.
   */
  public void close() {
    // Telemetry first: its final export carries the samplers' last snapshot.
    telemetry.shutdown(SAMPLER_CLOSE_MILLIS);
    if (samplers != null) {
      samplers.close();
    }
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
   * Whether plain statements' texts carry the application's traceparent as a trailing comment: the
   * agent then rewrites their {@code execute*(sql)} and {@code addBatch(sql)} to send it, and
   * leaves them as they are otherwise.
   */
  public boolean commentsTraceparent() {
    return commentTraceparent;
  }

  /**
   * Whether the rows the application reads from result sets are counted ({@code
   * db.response.returned_rows}); when not, the agent never touches a result set class.
   */
  public boolean countsRows() {
    return countRows;
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
              if (started(version)) {
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
   * The producers of the sampler's PostgreSQL metrics (none with the sampler off): registered with
   * the SDK QueryLens builds, and for the application to register with its own.
   */
  public List<MetricProducer> metricProducers() {
    return producers;
  }

  /**
   * Library mode with the application's OpenTelemetry: whether the application registered our
   * metric producers with its meter provider (then the sampler's metrics are exported after all).
   */
  public void metricProducersRegisteredByApplication(boolean registered) {
    this.producersRegisteredByApplication = registered;
  }

  private boolean started(String version) {
    if (given != null) {
      if (!producers.isEmpty() && !producersRegisteredByApplication) {
        AgentLog.info(
            "recording into the application's OpenTelemetry: the PostgreSQL sampler's metrics are"
                + " not exported (register QueryLens.Builder.postgresMetrics() with its meter"
                + " provider); findings are");
      }
      telemetry.startWith(given, version);
      return true;
    }
    return otelOverrides == null
        ? telemetry.start(version, producers)
        : telemetry.startForLibrary(version, producers, otelOverrides);
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
      QueryLensTelemetry telemetry,
      DatabaseObjectAttributes names) {
    LenientSettings settings = new LenientSettings(strict);
    Duration slowP95 = settings.getDuration(SLOW_P95, Duration.ofMillis(500));
    boolean planning = settings.getBoolean(PLANNING_ENABLED, true);
    Duration planInterval = settings.getDuration(PLANNING_INTERVAL, DEFAULT_PLANNING_INTERVAL);
    PlanRefreshSettings refresh = PlanRefreshSettings.read(settings);
    RegressionRule regressions = regressionRule(settings);
    Thresholds thresholds = ThresholdSettings.read(strict);
    return () -> {
      samplers.onSnapshot(new QuerySampleEvents(telemetry.openTelemetry()));
      samplers.onSnapshot(
          new SnapshotAdvisor(
              samplers,
              new FindingsExporter(telemetry.openTelemetry(), names),
              statistics,
              new SlowStatementRule(slowP95, 10),
              regressions,
              planning ? planInterval : Duration.ZERO,
              refresh,
              thresholds,
              Clock.systemUTC()));
    };
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
