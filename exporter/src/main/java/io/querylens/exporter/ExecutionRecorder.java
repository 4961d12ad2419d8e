package io.querylens.exporter;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ExceptionAttributes;
import io.querylens.core.log.AgentLog;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records one ended execution: a point of {@code db.client.operation.duration}, the shape's own
 * statistics, and a CLIENT span with the execution's real start and end times.
 *
 * <p>Which executions get a span:
 *
 * <ul>
 *   <li>inside a sampled span of the application's: always, as its child. The application's sampler
 *       already chose how many traces it wants; a budget that dropped some of their statements
 *       would leave holes in exactly the traces someone opens, and a request's statements are what
 *       a tracing user looks at first. The budget does not apply and is not spent.
 *   <li>inside an application span that was not sampled: never (the trace does not exist anywhere),
 *       but the histogram and the shape's statistics still count it.
 *   <li>outside any application span (a root span): a failed one, one slower than the threshold,
 *       and otherwise up to the shape's span budget a second.
 * </ul>
 */
final class ExecutionRecorder implements ExecutionQueue.Recorder {

  static final String INSTRUMENTATION_SCOPE = "io.querylens";

  /** Buckets the database semantic conventions advise for {@code db.client.operation.duration}. */
  static final List<Double> DURATION_BUCKETS =
      List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

  /**
   * The opt-in {@code db.query.parameter.<key>}, keyed by 0-based position; the first made once.
   */
  static final String QUERY_PARAMETER_PREFIX = "db.query.parameter.";

  private static final List<AttributeKey<String>> QUERY_PARAMETERS = queryParameterKeys(32);

  /** Incubating in the database semantic conventions: the rows the application read. */
  static final AttributeKey<Long> RETURNED_ROWS = AttributeKey.longKey("db.response.returned_rows");

  /**
   * Buckets the database semantic conventions advise for {@code db.client.response.returned_rows}.
   */
  static final List<Long> RETURNED_ROWS_BUCKETS =
      List.of(1L, 2L, 5L, 10L, 20L, 50L, 100L, 200L, 500L, 1000L, 2000L, 5000L, 10000L);

  /** Wall clock and monotonic clock are re-paired this often, so spans follow clock changes. */
  private static final long REANCHOR_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Tracer tracer;
  private final DoubleHistogram duration;
  private final LongHistogram returnedRows;
  private final SpanSampling sampling;
  private final LongAdder overBudget = new LongAdder();
  private final NPlusOneWatch loops;
  private volatile EpochAnchor anchor = EpochAnchor.now();
  private volatile ExecutionListener listener = ExecutionListener.NONE;

  ExecutionRecorder(OpenTelemetry openTelemetry, String version, SpanSampling sampling) {
    this(openTelemetry, version, sampling, NPlusOneWatch.OFF);
  }

  /**
   * @param loops told each execution inside an application trace, to find N+1 loops
   */
  ExecutionRecorder(
      OpenTelemetry openTelemetry, String version, SpanSampling sampling, NPlusOneWatch loops) {
    this.sampling = sampling;
    this.loops = loops;
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE, version);
    this.duration =
        openTelemetry
            .getMeter(INSTRUMENTATION_SCOPE)
            .histogramBuilder("db.client.operation.duration")
            .setUnit("s")
            .setDescription("Duration of database client operations.")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    this.returnedRows =
        openTelemetry
            .getMeter(INSTRUMENTATION_SCOPE)
            .histogramBuilder("db.client.response.returned_rows")
            .ofLongs()
            .setUnit("{row}")
            .setDescription("The actual number of records returned by the database operation.")
            .setExplicitBucketBoundariesAdvice(RETURNED_ROWS_BUCKETS)
            .build();
    openTelemetry
        .getMeter(INSTRUMENTATION_SCOPE)
        .counterBuilder("querylens.spans.over_budget")
        .setUnit("{span}")
        .setDescription(
            "Executions not exported as spans because their statement shape had used its spans"
                + " for the second; each is still counted in db.client.operation.duration.")
        .buildWithCallback(measurement -> measurement.record(overBudget.sum()));
  }

  @Override
  public void record(StatementExecution execution) {
    SpanContext traced = recordSpanAndPoint(execution);
    ExecutionListener listening = listener;
    if (listening != ExecutionListener.NONE) {
      tell(listening, execution, traced);
    }
  }

  /** From now on, tells {@code listening} of each recorded execution; {@code NONE} stops it. */
  void listenWith(ExecutionListener listening) {
    listener = listening;
  }

  private static void tell(
      ExecutionListener listening, StatementExecution execution, SpanContext traced) {
    try {
      listening.executed(
          CompletedExecution.of(
              execution, traced == null || !traced.isValid() ? null : traced.getTraceId()));
    } catch (Throwable t) {
      AgentLog.warnOnce("execution-listener", "an execution listener failed: " + t);
    }
  }

  /**
   * @return the context of the execution's span, or of the unsampled application span it ran in, or
   *     null when it has neither
   */
  private SpanContext recordSpanAndPoint(StatementExecution execution) {
    StatementAttributes attributes = execution.attributes;
    long nanos = execution.durationNanos();
    Throwable error = execution.error;
    attributes.observed.record(nanos, error != null);
    SpanContext parent = parentOf(execution);
    if (parent != null) {
      loops.executed(parent, execution);
    } else if (execution.transactionConnection != StatementExecution.NO_TRANSACTION) {
      loops.executedInTransaction(execution);
    }
    if (error == null) {
      duration.record(nanos / 1e9, attributes.metric);
      if (execution.returnedRows >= 0) {
        returnedRows.record(execution.returnedRows, attributes.metric);
      }
      if (parent != null) {
        if (parent.isSampled()) {
          startSpan(execution, parent).end(epochNanos(execution.endNanos), TimeUnit.NANOSECONDS);
        }
        return parent;
      } else if (sampling.alwaysKept(nanos)
          || attributes.spanBudget.take(execution.endNanos, sampling.perShapePerSecond())) {
        Span span = startSpan(execution, null);
        span.end(epochNanos(execution.endNanos), TimeUnit.NANOSECONDS);
        return span.getSpanContext();
      } else {
        overBudget.increment();
      }
      return null;
    }
    String errorType = error.getClass().getName();
    String sqlState = error instanceof SQLException ? ((SQLException) error).getSQLState() : null;
    AttributesBuilder failed =
        attributes.metric.toBuilder().put(ErrorAttributes.ERROR_TYPE, errorType);
    if (sqlState != null) {
      failed.put(DbAttributes.DB_RESPONSE_STATUS_CODE, sqlState);
    }
    duration.record(nanos / 1e9, failed.build());
    if (parent != null && !parent.isSampled()) {
      return parent;
    }
    Span span = startSpan(execution, parent);
    if (sqlState != null) {
      span.setAttribute(DbAttributes.DB_RESPONSE_STATUS_CODE, sqlState);
    }
    span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType);
    span.setStatus(StatusCode.ERROR);
    long end = epochNanos(execution.endNanos);
    span.addEvent("exception", exceptionEvent(error), end, TimeUnit.NANOSECONDS);
    span.end(end, TimeUnit.NANOSECONDS);
    return span.getSpanContext();
  }

  /** The traces quiet for a while are judged for N+1 loops. */
  @Override
  public void drained() {
    loops.tick(System.nanoTime());
  }

  @Override
  public void closing() {
    loops.close();
  }

  /**
   * The application's span the execution started in, as ours, or null: none, or it could not be
   * read (then the statement is a root span, never lost).
   */
  private static SpanContext parentOf(StatementExecution execution) {
    if (execution.applicationSpan == null) {
      return null;
    }
    try {
      return execution.tracing.toParent(execution.applicationSpan);
    } catch (Throwable t) {
      AgentLog.warnOnce(
          "application-span-unconvertible",
          "cannot read the application's span context; statements become root spans: " + t);
      return null;
    }
  }

  private Span startSpan(StatementExecution execution, SpanContext parent) {
    StatementAttributes attributes = execution.attributes;
    SpanBuilder builder =
        tracer
            .spanBuilder(attributes.spanName)
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(epochNanos(execution.startNanos), TimeUnit.NANOSECONDS)
            .setAllAttributes(attributes.span);
    if (parent == null) {
      builder.setNoParent();
    } else {
      builder.setParent(Context.root().with(Span.wrap(parent)));
    }
    Span span = builder.startSpan();
    if (execution.returnedRows >= 0) {
      span.setAttribute(RETURNED_ROWS, execution.returnedRows);
    }
    if (execution.batchSize != StatementObserver.NOT_A_BATCH && attributes.batch) {
      span.setAttribute(DbAttributes.DB_OPERATION_BATCH_SIZE, (long) execution.batchSize);
    }
    String[] values = execution.bindValues;
    if (values != null) {
      for (int i = 0; i < values.length; i++) {
        if (values[i] != null) {
          span.setAttribute(queryParameter(i), values[i]);
        }
      }
    }
    return span;
  }

  private long epochNanos(long monotonicNanos) {
    EpochAnchor current = anchor;
    if (monotonicNanos - current.monotonicNanos > REANCHOR_NANOS) {
      current = EpochAnchor.now();
      anchor = current;
    }
    return current.epochNanos + (monotonicNanos - current.monotonicNanos);
  }

  static AttributeKey<String> queryParameter(int position) {
    return position < QUERY_PARAMETERS.size()
        ? QUERY_PARAMETERS.get(position)
        : AttributeKey.stringKey(QUERY_PARAMETER_PREFIX + position);
  }

  private static List<AttributeKey<String>> queryParameterKeys(int count) {
    List<AttributeKey<String>> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(AttributeKey.stringKey(QUERY_PARAMETER_PREFIX + i));
    }
    return List.copyOf(keys);
  }

  /**
   * The exception event without the exception's message: database error messages quote the
   * application's values ("Key (email)=(...) already exists"), and no literal leaves the process.
   */
  static Attributes exceptionEvent(Throwable error) {
    StringBuilder trace = new StringBuilder(error.getClass().getName());
    for (StackTraceElement frame : error.getStackTrace()) {
      trace.append("\n\tat ").append(frame);
    }
    return Attributes.of(
        ExceptionAttributes.EXCEPTION_TYPE,
        error.getClass().getName(),
        ExceptionAttributes.EXCEPTION_STACKTRACE,
        trace.toString());
  }

  /** The wall clock's reading at one monotonic instant: one object, so both are read together. */
  private static final class EpochAnchor {
    final long epochNanos;
    final long monotonicNanos;

    private EpochAnchor(long epochNanos, long monotonicNanos) {
      this.epochNanos = epochNanos;
      this.monotonicNanos = monotonicNanos;
    }

    static EpochAnchor now() {
      Instant wall = Instant.now();
      long monotonic = System.nanoTime();
      return new EpochAnchor(
          TimeUnit.SECONDS.toNanos(wall.getEpochSecond()) + wall.getNano(), monotonic);
    }
  }
}
