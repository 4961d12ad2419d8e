package io.querylens.exporter;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ExceptionAttributes;
import io.querylens.core.sql.StatementShape;
import io.querylens.core.stats.ObservedStatements;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Records each statement as a CLIENT span and a point of {@code db.client.operation.duration}. */
final class OtelStatementObserver implements StatementObserver {

  static final String INSTRUMENTATION_SCOPE = "io.querylens";

  /** Buckets the database semantic conventions advise for {@code db.client.operation.duration}. */
  static final List<Double> DURATION_BUCKETS =
      List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 10.0);

  /** Shapes remembered per connection; past this, attributes are built per execution. */
  private static final int MAX_CACHED_SHAPES_PER_CONNECTION = 4096;

  /**
   * The opt-in {@code db.query.parameter.<key>}, keyed by 0-based position; the first made once.
   */
  static final String QUERY_PARAMETER_PREFIX = "db.query.parameter.";

  private static final List<AttributeKey<String>> QUERY_PARAMETERS = queryParameterKeys(32);

  private final Tracer tracer;
  private final DoubleHistogram duration;
  private final ConcurrentMap<ConnectionFacts, ConcurrentMap<StatementShape, StatementAttributes>>
      attributes = new ConcurrentHashMap<>();

  private final ObservedStatements statistics;

  OtelStatementObserver(
      OpenTelemetry openTelemetry, String version, ObservedStatements statistics) {
    this.statistics = statistics;
    this.tracer = openTelemetry.getTracer(INSTRUMENTATION_SCOPE, version);
    this.duration =
        openTelemetry
            .getMeter(INSTRUMENTATION_SCOPE)
            .histogramBuilder("db.client.operation.duration")
            .setUnit("s")
            .setDescription("Duration of database client operations.")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
  }

  @Override
  public Object start(
      ConnectionFacts connection, StatementShape shape, int batchSize, boolean mixedBatch) {
    StatementAttributes statement =
        mixedBatch
            ? StatementAttributes.ofMixedBatch(connection, shape, batchSize, statistics)
            : attributesOf(connection, shape, batchSize);
    Span span =
        tracer
            .spanBuilder(statement.spanName)
            .setSpanKind(SpanKind.CLIENT)
            .setAllAttributes(statement.span)
            .startSpan();
    return new StatementScope(span, statement, System.nanoTime());
  }

  @Override
  public void bindValues(Object scope, String[] values) {
    Span span = ((StatementScope) scope).span;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        span.setAttribute(queryParameter(i), values[i]);
      }
    }
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

  @Override
  public void end(Object scope, Throwable error) {
    StatementScope statement = (StatementScope) scope;
    long nanos = System.nanoTime() - statement.startNanos;
    double seconds = nanos / 1e9;
    Span span = statement.span;
    statement.attributes.observed.record(nanos, error != null);
    if (error == null) {
      duration.record(seconds, statement.attributes.metric);
      span.end();
      return;
    }
    String errorType = error.getClass().getName();
    String sqlState = error instanceof SQLException ? ((SQLException) error).getSQLState() : null;
    AttributesBuilder failed =
        statement.attributes.metric.toBuilder().put(ErrorAttributes.ERROR_TYPE, errorType);
    if (sqlState != null) {
      failed.put(DbAttributes.DB_RESPONSE_STATUS_CODE, sqlState);
      span.setAttribute(DbAttributes.DB_RESPONSE_STATUS_CODE, sqlState);
    }
    duration.record(seconds, failed.build());
    span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType);
    span.setStatus(StatusCode.ERROR);
    span.addEvent("exception", exceptionEvent(error));
    span.end();
  }

  private StatementAttributes attributesOf(
      ConnectionFacts connection, StatementShape shape, int batchSize) {
    if (batchSize != NOT_A_BATCH) {
      return StatementAttributes.of(connection, shape, batchSize, statistics);
    }
    ConcurrentMap<StatementShape, StatementAttributes> shapes = attributes.get(connection);
    if (shapes == null) {
      shapes = attributes.computeIfAbsent(connection, c -> new ConcurrentHashMap<>());
    }
    StatementAttributes cached = shapes.get(shape);
    if (cached != null) {
      return cached;
    }
    StatementAttributes computed = StatementAttributes.of(connection, shape, batchSize, statistics);
    if (shapes.size() < MAX_CACHED_SHAPES_PER_CONNECTION) {
      shapes.putIfAbsent(shape, computed);
    }
    return computed;
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

  private static final class StatementScope {
    final Span span;
    final StatementAttributes attributes;
    final long startNanos;

    StatementScope(Span span, StatementAttributes attributes, long startNanos) {
      this.span = span;
      this.attributes = attributes;
      this.startNanos = startNanos;
    }
  }
}
