package io.querylens.exporter;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.querylens.core.log.AgentLog;
import io.querylens.core.stats.ObservedStatements;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The OpenTelemetry SDK, built from the standard configuration ({@code OTEL_*} variables and {@code
 * otel.*} properties: service name, resource, exporters, protocols, endpoints, intervals) and kept
 * private to the agent: it is never registered as the application's global OpenTelemetry.
 *
 * <p>Two steps, so that building the SDK (a few hundred milliseconds of class loading) does not
 * delay the application's start: {@link #prepare} makes the statement observer, which queues
 * executions from the first one on; {@link #start}, run on a background thread, builds the SDK and
 * lets the queue drain into it. A JVM that exits in between waits for the start, then exports.
 */
public final class QueryLensTelemetry {

  /** How long the JVM's exit waits for each signal's last export. */
  private static final long SHUTDOWN_STEP_MILLIS = 5_000;

  /** How long the JVM's exit waits for an SDK still being built. */
  private static final long START_WAIT_MILLIS = 10_000;

  /** A flush answered this fast was skipped (an export in flight), not tried. */
  private static final long SKIPPED_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private static final long BUSY_RETRY_MILLIS = 100;

  /**
   * Our defaults where the SDK's differ, below every system property and environment variable: the
   * OTLP protocol of the specification (and of every other SDK), {@code http/protobuf}, so that
   * {@code OTEL_EXPORTER_OTLP_ENDPOINT=http://host:4318} alone delivers data. The Java SDK still
   * defaults to gRPC, which that port does not speak.
   */
  static final Map<String, String> DEFAULTS =
      Map.of("otel.exporter.otlp.protocol", "http/protobuf");

  private final OtelStatementObserver statements;
  private final ObservedStatements statistics;
  private final SpanSampling sampling;
  private volatile int nPlusOneThreshold;
  private volatile Duration nPlusOneRepeatInterval = Duration.ZERO;
  private final CountDownLatch settled = new CountDownLatch(1);
  private volatile OpenTelemetrySdk sdk;
  private volatile ExecutionRecorder recorder;
  private volatile ExecutionListener listener = ExecutionListener.NONE;

  /** The application's own OpenTelemetry (library mode), used and never shut down by us. */
  private volatile OpenTelemetry given;

  /** Library mode closes explicitly, and the JVM's exit hook runs too: the first one shuts down. */
  private final AtomicBoolean shutDown = new AtomicBoolean();

  private QueryLensTelemetry(
      OtelStatementObserver statements, ObservedStatements statistics, SpanSampling sampling) {
    this.statements = statements;
    this.statistics = statistics;
    this.sampling = sampling;
  }

  /**
   * The statement observer, queueing executions until {@link #start} has built the SDK, and the
   * JVM-exit hook that exports what is left.
   *
   * @param statistics where each statement shape's executions and latencies are counted
   * @param sampling which executions become spans; the duration histogram counts every one
   */
  public static QueryLensTelemetry prepare(ObservedStatements statistics, SpanSampling sampling) {
    return prepare(statistics, sampling, ApplicationTracingFinder.standard());
  }

  /**
   * As {@link #prepare(ObservedStatements, SpanSampling)}, for library mode: QueryLens shares the
   * application's OpenTelemetry API (nothing relocated), so a statement's parent is simply that
   * API's current span.
   */
  public static QueryLensTelemetry prepareForLibrary(
      ObservedStatements statistics, SpanSampling sampling) {
    return prepare(statistics, sampling, ApplicationTracingFinder.sameLoader());
  }

  private static QueryLensTelemetry prepare(
      ObservedStatements statistics, SpanSampling sampling, ApplicationTracingFinder finder) {
    QueryLensTelemetry telemetry =
        new QueryLensTelemetry(
            OtelStatementObserver.queued(statistics, finder), statistics, sampling);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> telemetry.shutdown(SHUTDOWN_STEP_MILLIS), "querylens-shutdown"));
    return telemetry;
  }

  /**
   * Builds the SDK and starts recording the queued executions. A configuration the SDK rejects (an
   * unknown exporter, a malformed endpoint) is told in one line and leaves QueryLens exporting
   * nothing; the application is never stopped.
   *
   * @param metricProducers producers of metrics read elsewhere (the PostgreSQL sampler's), exported
   *     with the SDK's own
   * @return whether the SDK was built
   */
  public boolean start(String agentVersion, List<MetricProducer> metricProducers) {
    SdkLogLines.install();
    return start(agentVersion, metricProducers, Map.of());
  }

  /**
   * As {@link #start(String, List)}, for library mode: {@code overrides} ({@code otel.*} keys) take
   * precedence over system properties and environment, and the SDK's java.util.logging records are
   * left to the application's logging (its SDK shares those loggers with ours).
   */
  public boolean startForLibrary(
      String version, List<MetricProducer> metricProducers, Map<String, String> overrides) {
    return start(version, metricProducers, overrides);
  }

  /**
   * Library mode with the application's own OpenTelemetry: statements are recorded through it (its
   * exporters, resource and sampler), and it is never shut down by us. Its meter provider was built
   * without our PostgreSQL metric producer, so those metrics are not exported this way.
   */
  public void startWith(OpenTelemetry openTelemetry, String version) {
    try {
      statements.countLostIn(openTelemetry.getMeter(ExecutionRecorder.INSTRUMENTATION_SCOPE));
      // The N+1 watch too: its findings go to the application's logs bridge, as the spans do.
      NPlusOneWatch loops =
          nPlusOneThreshold > 0
              ? new NPlusOneWatch(openTelemetry, nPlusOneThreshold, nPlusOneRepeatInterval)
              : NPlusOneWatch.OFF;
      ExecutionRecorder recording = new ExecutionRecorder(openTelemetry, version, sampling, loops);
      recording.listenWith(listener);
      recorder = recording;
      statements.recordWith(recording);
      given = openTelemetry;
    } finally {
      settled.countDown();
    }
  }

  private boolean start(
      String agentVersion, List<MetricProducer> metricProducers, Map<String, String> overrides) {
    try {
      AutoConfiguredOpenTelemetrySdk configured =
          AutoConfiguredOpenTelemetrySdk.builder()
              .setServiceClassLoader(QueryLensTelemetry.class.getClassLoader())
              .addPropertiesSupplier(() -> DEFAULTS)
              .addPropertiesCustomizer(config -> overrides)
              .disableShutdownHook()
              .addResourceCustomizer(
                  (resource, config) -> DefaultServiceName.applyTo(resource, agentVersion))
              .addMeterProviderCustomizer(
                  (builder, config) -> {
                    metricProducers.forEach(builder::registerMetricProducer);
                    return builder;
                  })
              .build();
      OpenTelemetrySdk built = configured.getOpenTelemetrySdk();
      statements.countLostIn(built.getMeter(ExecutionRecorder.INSTRUMENTATION_SCOPE));
      NPlusOneWatch loops =
          nPlusOneThreshold > 0
              ? new NPlusOneWatch(built, nPlusOneThreshold, nPlusOneRepeatInterval)
              : NPlusOneWatch.OFF;
      ExecutionRecorder recording = new ExecutionRecorder(built, agentVersion, sampling, loops);
      recording.listenWith(listener);
      recorder = recording;
      statements.recordWith(recording);
      sdk = built;
      return true;
    } catch (ConfigurationException e) {
      AgentLog.warn(
          "invalid OpenTelemetry configuration, QueryLens exports nothing: "
              + ExporterChoices.explain(e.getMessage()));
      statements.discard();
      return false;
    } finally {
      settled.countDown();
    }
  }

  /**
   * Before {@link #start}: more executions of one statement shape in one application trace than
   * {@code threshold} are an {@code n_plus_one} finding; 0 looks for none.
   */
  public void findNPlusOneOver(int threshold) {
    findNPlusOneOver(threshold, Duration.ZERO);
  }

  /**
   * As {@link #findNPlusOneOver(int)}, telling a loop already told again at most once per {@code
   * repeatInterval}, with the count of occurrences held back; zero tells every occurrence.
   */
  public void findNPlusOneOver(int threshold, Duration repeatInterval) {
    nPlusOneThreshold = threshold;
    nPlusOneRepeatInterval = repeatInterval;
  }

  /** Exports nothing and records nothing. */
  public static QueryLensTelemetry disabled(ObservedStatements statistics) {
    QueryLensTelemetry telemetry =
        new QueryLensTelemetry(null, statistics, SpanSampling.EVERY_EXECUTION);
    telemetry.settled.countDown();
    return telemetry;
  }

  /**
   * Tells {@code listening} of every execution recorded from now on (and of those still queued);
   * {@link ExecutionListener#NONE} stops. Executions let go because the SDK could not be built are
   * told to nobody.
   */
  public synchronized void listenWith(ExecutionListener listening) {
    listener = listening;
    ExecutionRecorder recording = recorder;
    if (recording != null) {
      recording.listenWith(listening);
    }
  }

  /**
   * Records, on the calling thread, every execution that ended before this call and is still
   * queued, after waiting up to {@code timeoutMillis} for the SDK to be built: once it returns
   * true, every listener has been told of them.
   *
   * @return false when the SDK was not built in time (or could not be): nothing is recorded yet
   */
  public boolean flush(long timeoutMillis) {
    try {
      if (!settled.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
        return false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    if (sdk == null || statements == null) {
      return false;
    }
    statements.flush();
    return true;
  }

  /** The statement shapes seen in this process, with their latencies, for the advisor. */
  public ObservedStatements statistics() {
    return statistics;
  }

  public StatementObserver statements() {
    return statements == null ? StatementObserver.NOOP : statements;
  }

  /** The SDK once {@link #start} has built it; a no-op before and when it could not. */
  public OpenTelemetry openTelemetry() {
    OpenTelemetry application = given;
    if (application != null) {
      return application;
    }
    OpenTelemetrySdk built = sdk;
    return built == null ? OpenTelemetry.noop() : built;
  }

  /**
   * Flushes and stops the exporters in at most two steps of {@code stepMillis}: spans and logs
   * together, then metrics. Metrics go last: the span and log processors count what they exported
   * and dropped while they flush, and those counts must reach the final metric export rather than
   * die with the process. (With the collector down each exporter retries for longer than a step;
   * one after the other, the four used to hold the JVM's exit for about 20 seconds.)
   */
  public void shutdown(long stepMillis) {
    if (!shutDown.compareAndSet(false, true)) {
      return;
    }
    try {
      settled.await(START_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (given != null) {
      // The application's SDK: its own shutdown exports what we recorded into it.
      statements.close();
      return;
    }
    OpenTelemetrySdk built = sdk;
    if (built == null) {
      return;
    }
    // The executions still queued become spans and points before their processors flush.
    statements.close();
    CompletableResultCode.ofAll(
            List.of(
                built.getSdkTracerProvider().shutdown(), built.getSdkLoggerProvider().shutdown()))
        .join(stepMillis, TimeUnit.MILLISECONDS);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(stepMillis);
    flushMetrics(built, deadline);
    long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    // The periodic reader's shutdown waits for its final export itself, 10 seconds with the
    // collector down, before it returns: the exit waits for it on a thread of its own, bounded.
    Thread meters =
        new Thread(() -> built.getSdkMeterProvider().shutdown(), "querylens-shutdown-metrics");
    meters.setDaemon(true);
    meters.start();
    try {
      meters.join(remainingMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The metric reader skips a flush, its final one included, while a periodic export is still in
   * flight (a collector answering slowly): the counts of what was dropped would die with the
   * process. So flush until one flush is not skipped, until {@code deadline} ({@link
   * System#nanoTime}).
   */
  private static void flushMetrics(OpenTelemetrySdk sdk, long deadline) {
    while (true) {
      long started = System.nanoTime();
      long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - started);
      if (remainingMillis <= 0) {
        return;
      }
      CompletableResultCode flushed =
          sdk.getSdkMeterProvider().forceFlush().join(remainingMillis, TimeUnit.MILLISECONDS);
      if (flushed.isSuccess() || System.nanoTime() - started > SKIPPED_FLUSH_NANOS) {
        return; // exported, or tried and failed: the shutdown's own export tries once more
      }
      try {
        Thread.sleep(BUSY_RETRY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
