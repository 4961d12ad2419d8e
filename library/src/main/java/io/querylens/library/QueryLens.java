package io.querylens.library;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.querylens.core.config.Settings;
import io.querylens.core.log.AgentLog;
import io.querylens.exporter.QueryLensTelemetry;
import io.querylens.runtime.QueryLensRuntime;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Library mode: QueryLens without {@code -javaagent}. {@link #wrap} returns a {@code DataSource}
 * whose statements are recorded exactly as the agent records them (the same tracer, spans,
 * histogram, span budget, sampler and advisor), for where no agent may go: GraalVM native images,
 * platforms that forbid agents.
 *
 * <p>One runtime per process is the norm: {@link #wrap} uses the shared one, built from the system
 * properties and environment on first use, or the first one {@link Builder#build} made. Its threads
 * are daemons; {@link #close} (or the JVM's exit) exports what is left.
 *
 * <p>Nothing here ever throws into the application: a failure of ours leaves its {@code DataSource}
 * unwrapped or its statement untraced, told in one {@code [querylens]} line.
 */
public final class QueryLens implements AutoCloseable {

  /** Present on the bootstrap class path exactly when the QueryLens agent is attached. */
  static final String AGENT_BRIDGE = "io.querylens.bootstrap.QueryLensBridge";

  private static final Object SHARED_LOCK = new Object();
  private static QueryLens shared;

  private final QueryLensRuntime runtime;
  private final StatementTracing tracing;

  private QueryLens(QueryLensRuntime runtime, StatementTracing tracing) {
    this.runtime = runtime;
    this.tracing = tracing;
  }

  /**
   * {@code dataSource} with its statements recorded by the shared QueryLens; {@code dataSource}
   * itself when QueryLens is disabled, when the agent is attached (it records them already), or
   * when it is wrapped already.
   */
  public static DataSource wrap(DataSource dataSource) {
    try {
      return shared().wrapDataSource(dataSource);
    } catch (Throwable t) {
      return dataSource;
    }
  }

  /** The process's QueryLens: the first one built, else one built now from the system settings. */
  public static QueryLens shared() {
    synchronized (SHARED_LOCK) {
      if (shared == null) {
        shared = builder().build();
      }
      return shared;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code dataSource} with its statements recorded by this QueryLens (see {@link #wrap}). */
  public DataSource wrapDataSource(DataSource dataSource) {
    if (dataSource == null || tracing == null || isWrapped(dataSource)) {
      return dataSource;
    }
    try {
      return new QueryLensDataSource(dataSource, tracing, new ServerDiscovery(tracing));
    } catch (Throwable t) {
      tracing.failed(t);
      return dataSource;
    }
  }

  /** Whether statements are recorded (false: disabled, or the agent records them). */
  public boolean active() {
    return tracing != null;
  }

  /** Stops the sampler and exports what is left; wrapped {@code DataSource}s then go untraced. */
  @Override
  public void close() {
    synchronized (SHARED_LOCK) {
      if (shared == this) {
        shared = null;
      }
    }
    if (runtime != null) {
      try {
        runtime.close();
      } catch (Throwable t) {
        AgentLog.warn("could not export what was left: " + t);
      }
    }
  }

  private static boolean isWrapped(DataSource dataSource) {
    if (dataSource instanceof QueryLensDataSource) {
      return true;
    }
    try {
      return dataSource.isWrapperFor(QueryLensDataSource.class);
    } catch (SQLException | RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Whether the QueryLens agent is attached: its bridge is on the bootstrap class path. The one
   * class look-up of the library, by a constant name, without initializing it.
   */
  static boolean agentAttached() {
    try {
      Class.forName(AGENT_BRIDGE, false, null);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static String version() {
    String version = QueryLens.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  /** The library's own failures leave the process as the agent's do, so a dashboard sees them. */
  private static void countFailures(QueryLensTelemetry telemetry, StatementTracing tracing) {
    telemetry
        .openTelemetry()
        .getMeter("io.querylens")
        .counterBuilder("querylens.agent.failures")
        .setUnit("{failure}")
        .setDescription("Errors of the agent's own code on application threads, each swallowed.")
        .buildWithCallback(measurement -> measurement.record(tracing.failures()));
  }

  /** How to build a QueryLens other than from the system settings alone. */
  public static final class Builder {

    private OpenTelemetry openTelemetry;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final PostgresMetrics postgresMetrics = new PostgresMetrics();
    private boolean postgresMetricsHandedOut;

    private Builder() {}

    /**
     * Records into the application's own OpenTelemetry (its exporters, resource and sampler)
     * instead of an SDK of ours built from the {@code otel.*} configuration. The PostgreSQL
     * sampler's metrics are exported only if its meter provider was built with {@link
     * #postgresMetrics()}.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
      return this;
    }

    /**
     * {@code otel.instrumentation.querylens.*} and {@code otel.*} settings, over the system
     * properties and environment variables of the same names.
     */
    public Builder settings(Map<String, String> settings) {
      this.settings.putAll(settings);
      return this;
    }

    /** One setting, as {@link #settings}. */
    public Builder setting(String key, String value) {
      settings.put(key, value);
      return this;
    }

    /**
     * The sampler's PostgreSQL metrics, for the application's own meter provider when QueryLens
     * records into its OpenTelemetry: {@code
     * SdkMeterProvider.builder().registerMetricProducer(builder.postgresMetrics())}. Produces
     * nothing until {@link #build} has started the sampler.
     */
    public MetricProducer postgresMetrics() {
      postgresMetricsHandedOut = true;
      return postgresMetrics;
    }

    /** Whether to sample the PostgreSQL servers the application connects to (default true). */
    public Builder sampler(boolean enabled) {
      settings.put(Settings.PREFIX + "sampler.enabled", Boolean.toString(enabled));
      return this;
    }

    /**
     * A new QueryLens, started in the background; the process's shared one if none was yet. Never
     * throws: on a failure of ours it records nothing and says why in one line.
     */
    public QueryLens build() {
      QueryLens built = buildQuietly();
      synchronized (SHARED_LOCK) {
        if (shared == null) {
          shared = built;
        }
      }
      return built;
    }

    private QueryLens buildQuietly() {
      try {
        if (agentAttached()) {
          AgentLog.info(
              "the QueryLens agent is attached and records every statement; library mode stays"
                  + " out of its way");
          return new QueryLens(null, null);
        }
        Map<Object, Object> properties = new HashMap<>(System.getProperties());
        properties.putAll(settings);
        QueryLensRuntime runtime =
            QueryLensRuntime.forLibrary(
                new Settings(properties, System.getenv()), openTelemetry, settings);
        if (runtime == null) {
          return new QueryLens(null, null);
        }
        postgresMetrics.produceFrom(runtime.metricProducers());
        runtime.metricProducersRegisteredByApplication(
            postgresMetricsHandedOut && openTelemetry != null);
        StatementTracing tracing =
            new StatementTracing(
                runtime.statements(), runtime.capturesBindValues(), runtime.countsRows());
        QueryLensTelemetry telemetry = runtime.telemetry();
        runtime.startInBackground(version(), () -> {}, () -> countFailures(telemetry, tracing));
        return new QueryLens(runtime, tracing);
      } catch (Throwable t) {
        AgentLog.warn("could not start, the application runs untraced: " + t);
        return new QueryLens(null, null);
      }
    }
  }
}
