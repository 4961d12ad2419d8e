package io.querylens.exporter;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.semconv.DbAttributes;
import io.querylens.core.insight.Finding;
import io.querylens.core.insight.NPlusOneDetector;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Hands each recorded execution inside an application trace, or else inside a database transaction,
 * to the {@link NPlusOneDetector}, on the recording thread, and emits what it finds as {@code
 * querylens.finding.n_plus_one} log-record events, shaped as the advisor's findings are.
 */
class NPlusOneWatch {

  /** Watches nothing: the threshold is 0. */
  static final NPlusOneWatch OFF = new NPlusOneWatch();

  /** Traces followed at once: a few hundred concurrent requests, with room. */
  static final int MAX_TRACES = 2048;

  /** Distinct shapes followed in one trace. */
  static final int MAX_SHAPES_PER_TRACE = 256;

  /** A trace without a statement this long is taken as finished and its loops told. */
  static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

  static final String TRACES_CLOSED_EARLY = "querylens.n_plus_one.traces_closed_early";
  static final String SHAPES_NOT_FOLLOWED = "querylens.n_plus_one.shapes_not_followed";

  private static final AttributeKey<String> KIND = AttributeKey.stringKey("querylens.finding.kind");
  private static final AttributeKey<String> SEVERITY =
      AttributeKey.stringKey("querylens.finding.severity");
  private static final AttributeKey<String> RISK = AttributeKey.stringKey("querylens.finding.risk");
  private static final AttributeKey<String> OBJECT =
      AttributeKey.stringKey("querylens.finding.object");
  private static final String EVIDENCE = "querylens.finding.evidence.";

  private final NPlusOneDetector detector;
  private final Logger logger;

  private NPlusOneWatch() {
    this.detector = null;
    this.logger = null;
  }

  NPlusOneWatch(OpenTelemetry openTelemetry, int threshold) {
    this(openTelemetry, threshold, Duration.ZERO);
  }

  /**
   * @param repeatInterval a loop already told is told again at most this often, its event counting
   *     the occurrences held back since; zero tells every occurrence
   */
  NPlusOneWatch(OpenTelemetry openTelemetry, int threshold, Duration repeatInterval) {
    this.logger = openTelemetry.getLogsBridge().get(ExecutionRecorder.INSTRUMENTATION_SCOPE);
    this.detector =
        new NPlusOneDetector(
            threshold,
            MAX_TRACES,
            MAX_SHAPES_PER_TRACE,
            QUIET_NANOS,
            repeatInterval.toNanos(),
            this::emit,
            NPlusOneWatch::parentSpanName);
    Meter meter = openTelemetry.getMeter(ExecutionRecorder.INSTRUMENTATION_SCOPE);
    meter
        .counterBuilder(TRACES_CLOSED_EARLY)
        .setUnit("{trace}")
        .setDescription(
            "Traces (or transactions outside any trace) whose N+1 loops were judged before they"
                + " were quiet: more than "
                + MAX_TRACES
                + " were followed at once.")
        .buildWithCallback(measurement -> measurement.record(detector.tracesPushedOut()));
    meter
        .counterBuilder(SHAPES_NOT_FOLLOWED)
        .setUnit("{execution}")
        .setDescription(
            "Executions not looked at for N+1 loops: their trace (or transaction) already had "
                + MAX_SHAPES_PER_TRACE
                + " distinct statement shapes.")
        .buildWithCallback(measurement -> measurement.record(detector.shapesNotFollowed()));
  }

  /** An execution inside the application's trace {@code parent} was recorded. */
  void executed(SpanContext parent, StatementExecution execution) {
    if (detector == null) {
      return;
    }
    Attributes metric = execution.attributes.metric;
    detector.executedInTrace(
        parent.getTraceId(),
        parent.getSpanId(),
        new ApplicationSpan(execution.tracing, execution.applicationSpan),
        metric.get(DbAttributes.DB_NAMESPACE),
        metric.get(StatementAttributes.QUERY_FINGERPRINT),
        execution.attributes.spanName,
        execution.returnedRows,
        execution.startNanos,
        execution.endNanos);
  }

  /**
   * An execution in no application trace, inside a database transaction (autocommit off), was
   * recorded; one in autocommit mode is never told.
   */
  void executedInTransaction(StatementExecution execution) {
    if (detector == null) {
      return;
    }
    Attributes metric = execution.attributes.metric;
    detector.executedInTransaction(
        execution.transactionConnection,
        execution.transaction,
        metric.get(DbAttributes.DB_NAMESPACE),
        metric.get(StatementAttributes.QUERY_FINGERPRINT),
        execution.attributes.spanName,
        execution.returnedRows,
        execution.startNanos,
        execution.endNanos);
  }

  /** The application's span and the API it was read through, kept until a finding names it. */
  private static final class ApplicationSpan {
    final ApplicationTracing tracing;
    final Object span;

    ApplicationSpan(ApplicationTracing tracing, Object span) {
      this.tracing = tracing;
      this.span = span;
    }
  }

  private static String parentSpanName(Object parent) {
    ApplicationSpan application = (ApplicationSpan) parent;
    return application.tracing.spanName(application.span);
  }

  void tick(long nowNanos) {
    if (detector != null) {
      detector.tick(nowNanos);
    }
  }

  void close() {
    if (detector != null) {
      detector.closeAll();
    }
  }

  private void emit(Finding finding) {
    AttributesBuilder attributes =
        Attributes.builder()
            .put(KIND, finding.kind())
            .put(SEVERITY, lower(finding.severity().name()))
            .put(RISK, lower(finding.risk().name()))
            .put(OBJECT, finding.object().qualifiedName());
    if (finding.object().database() != null) {
      // The statements' own namespace, as on their spans: which database the loop ran on.
      attributes.put(DbAttributes.DB_NAMESPACE, finding.object().database());
    }
    finding
        .evidence()
        .forEach(
            (key, value) -> {
              if (value instanceof Long) {
                attributes.put(AttributeKey.longKey(EVIDENCE + key), (Long) value);
              } else if (value != null) {
                attributes.put(AttributeKey.stringKey(EVIDENCE + key), value.toString());
              }
            });
    LogRecordBuilder record =
        logger
            .logRecordBuilder()
            .setEventName("querylens.finding." + finding.kind())
            .setSeverity(Severity.WARN)
            .setSeverityText(finding.severity().name())
            .setAllAttributes(attributes.build());
    if (finding.note() != null) {
      record.setBody(finding.note());
    }
    record.emit();
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
