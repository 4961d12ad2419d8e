package io.querylens.exporter;

import io.opentelemetry.api.metrics.Meter;
import io.querylens.core.log.AgentLog;
import io.querylens.core.sql.StatementShape;
import io.querylens.core.sql.StatementShapeCache;
import io.querylens.core.stats.ObservedStatements;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records each statement as a CLIENT span and a point of {@code db.client.operation.duration}. The
 * application's thread only takes two clock readings and queues the execution; the span, the
 * histogram point and the shape's statistics are recorded on the agent's own thread.
 */
final class OtelStatementObserver implements StatementObserver, AutoCloseable {

  /** Shapes remembered per connection; past this, attributes are built per execution. */
  private static final int MAX_CACHED_SHAPES_PER_CONNECTION = 4096;

  /**
   * Executions waiting for the recording thread. At 50,000 statements a second the thread, which
   * wakes every few milliseconds, finds a few hundred; the rest is headroom for its pauses.
   */
  static final int QUEUE_CAPACITY = 8192;

  /**
   * SQL texts up to this long that are not in the shape cache are fingerprinted by the recording
   * thread, not the application's: a statement whose text never repeats (literals written into it)
   * then costs its thread what a prepared one does, and the fingerprinter runs where its code and
   * tables stay in the CPU's caches from one execution to the next. Longer texts are fingerprinted
   * at once, so the queue holds at most {@code QUEUE_CAPACITY} texts of this length (8 M chars,
   * while the SDK is being built and nothing drains it).
   */
  static final int MAX_DEFERRED_SQL_CHARS = 1024;

  private final ObservedStatements statistics;
  private final ExecutionQueue queue;
  private final ConcurrentMap<ConnectionFacts, ConcurrentMap<StatementShape, StatementAttributes>>
      single = new ConcurrentHashMap<>();
  private final ConcurrentMap<ConnectionFacts, ConcurrentMap<StatementShape, StatementAttributes>>
      batches = new ConcurrentHashMap<>();
  private final LongAdder lostBeforeStart = new LongAdder();
  private final LongAdder withoutRows = new LongAdder();
  private final ApplicationTracingFinder applicationTracing;
  private volatile ExecutionQueue.Recorder recorder;

  private OtelStatementObserver(
      ObservedStatements statistics,
      ExecutionQueue queue,
      ExecutionRecorder recorder,
      ApplicationTracingFinder applicationTracing) {
    this.statistics = statistics;
    this.queue = queue;
    this.recorder = recorder == null ? null : shapingFirst(recorder);
    this.applicationTracing = applicationTracing;
  }

  /** Records each execution on the thread that ends it (tests that read spans right away). */
  OtelStatementObserver(ExecutionRecorder recorder, ObservedStatements statistics) {
    this(statistics, null, recorder, ApplicationTracingFinder.standard());
  }

  /**
   * Queues executions for the agent's recording thread, which starts with {@link #recordWith}:
   * until then they wait in the queue.
   */
  static OtelStatementObserver queued(ObservedStatements statistics) {
    return queued(statistics, ApplicationTracingFinder.standard());
  }

  /** As {@link #queued(ObservedStatements)}, finding the application's span with {@code finder}. */
  static OtelStatementObserver queued(
      ObservedStatements statistics, ApplicationTracingFinder finder) {
    return new OtelStatementObserver(statistics, new ExecutionQueue(QUEUE_CAPACITY), null, finder);
  }

  /** The SDK is built: record what is queued and everything after. */
  void recordWith(ExecutionRecorder built) {
    ExecutionQueue.Recorder shaping = shapingFirst(built);
    recorder = shaping;
    queue.start(shaping);
  }

  /** The SDK could not be built: what is queued and everything after is let go. */
  void discard() {
    recorder = DISCARD;
    queue.start(DISCARD);
  }

  private static final ExecutionQueue.Recorder DISCARD = execution -> {};

  @Override
  public Object start(
      ConnectionFacts connection, StatementShape shape, int batchSize, boolean mixedBatch) {
    StatementAttributes attributes = attributesOf(connection, shape, batchSize, mixedBatch);
    return withApplicationSpan(new StatementExecution(attributes, System.nanoTime(), batchSize));
  }

  @Override
  public Object startUnshaped(
      ConnectionFacts connection,
      String sql,
      StatementShapeCache shapes,
      int batchSize,
      boolean mixedBatch) {
    if (sql.length() > MAX_DEFERRED_SQL_CHARS) {
      return start(connection, shapes.shapeOf(sql), batchSize, mixedBatch);
    }
    return withApplicationSpan(
        new UnshapedExecution(connection, sql, shapes, System.nanoTime(), batchSize, mixedBatch));
  }

  /**
   * Keeps the application's current span context, read here because only the application's thread
   * knows it. A failure to read it costs the statement its parent, never its span.
   */
  private StatementExecution withApplicationSpan(StatementExecution execution) {
    try {
      ApplicationTracing tracing = applicationTracing.forCurrentThread();
      execution.applicationSpan = tracing.currentSpan();
      execution.tracing = tracing;
    } catch (Throwable t) {
      AgentLog.warnOnce(
          "application-span-unreadable",
          "cannot read the application's current span; statements become root spans: " + t);
    }
    return execution;
  }

  @Override
  public String traceparent(Object scope) {
    StatementExecution execution = (StatementExecution) scope;
    ApplicationTracing tracing = execution.tracing;
    try {
      return tracing == null ? null : tracing.traceparent(execution.applicationSpan);
    } catch (Throwable t) {
      return null; // the span context was readable a moment ago: nothing to propagate then
    }
  }

  @Override
  public String withTraceparentComment(Object scope, String sql) {
    StatementExecution execution = (StatementExecution) scope;
    ApplicationTracing tracing = execution.tracing;
    try {
      return tracing == null ? sql : tracing.withTraceparentComment(execution.applicationSpan, sql);
    } catch (Throwable t) {
      return sql; // the span was readable a moment ago: nothing to carry then
    }
  }

  @Override
  public String withCurrentTraceparentComment(String sql) {
    try {
      ApplicationTracing tracing = applicationTracing.forCurrentThread();
      return tracing.withTraceparentComment(tracing.currentSpan(), sql);
    } catch (Throwable t) {
      return sql; // unreadable: nothing to carry
    }
  }

  @Override
  public boolean traceparentIs(Object scope, String candidate) {
    StatementExecution execution = (StatementExecution) scope;
    ApplicationTracing tracing = execution.tracing;
    try {
      return tracing != null && tracing.traceparentIs(execution.applicationSpan, candidate);
    } catch (Throwable t) {
      return false;
    }
  }

  @Override
  public void inTransaction(Object scope, long connection, long transaction) {
    StatementExecution execution = (StatementExecution) scope;
    execution.transactionConnection = connection;
    execution.transaction = transaction;
  }

  @Override
  public void bindValues(Object scope, String[] values) {
    ((StatementExecution) scope).bindValues = values;
  }

  @Override
  public boolean awaitRows(Object scope) {
    ((StatementExecution) scope).awaitRows();
    return true;
  }

  @Override
  public void rowsRead(Object scope, long rows) {
    ((StatementExecution) scope).rowsRead(rows);
    if (queue == null) {
      ExecutionQueue.Recorder inPlace = recorder;
      if (inPlace != null) {
        inPlace.drained(); // no recording thread: the waiting execution is recorded now
      }
    }
  }

  @Override
  public void end(Object scope, Throwable error) {
    StatementExecution execution = (StatementExecution) scope;
    execution.ended(System.nanoTime(), error);
    if (queue == null || !queue.offer(execution)) {
      ExecutionQueue.Recorder inPlace = recorder;
      if (inPlace != null) {
        inPlace.record(execution);
      } else {
        lostBeforeStart.increment();
        AgentLog.warnOnce(
            "queue-full-before-start",
            "more statements ran before the exporters started than the queue holds ("
                + QUEUE_CAPACITY
                + "); the ones past it are in no span or statistics, counted in "
                + LOST_BEFORE_START);
      }
    }
  }

  /**
   * Exports how many executions were lost because the queue was full before the SDK was built: they
   * are in no span, histogram point or statistics, and a dashboard must be able to see that.
   */
  void countLostIn(Meter meter) {
    meter
        .counterBuilder(LOST_BEFORE_START)
        .setUnit("{execution}")
        .setDescription(
            "Executions in no span, histogram point or statement statistics: they ended while the"
                + " OpenTelemetry SDK was being built and the queue of "
                + QUEUE_CAPACITY
                + " was full.")
        .buildWithCallback(measurement -> measurement.record(lostBeforeStart.sum()));
    RowsAwaited.countIn(meter, withoutRows);
  }

  static final String LOST_BEFORE_START = "querylens.statements.dropped_before_start";

  /** Executions lost so far because the queue was full before the SDK was built. */
  long lostBeforeStart() {
    return lostBeforeStart.sum();
  }

  /** Records every queued execution, so that what is exported next includes them. */
  void flush() {
    if (queue != null) {
      queue.drain();
    }
  }

  /** Stops the recording thread after recording what it holds. */
  @Override
  public void close() {
    if (queue != null) {
      queue.close();
      return;
    }
    ExecutionQueue.Recorder inPlace = recorder;
    if (inPlace != null) {
      inPlace.closing();
    }
  }

  /**
   * Gives an unshaped execution its shape's attributes before {@code recorder} sees it; an
   * execution whose rows are being read waits for them first.
   */
  private ExecutionQueue.Recorder shapingFirst(ExecutionRecorder recorder) {
    return new RowsAwaited(shaping(recorder), System::nanoTime, withoutRows);
  }

  private ExecutionQueue.Recorder shaping(ExecutionRecorder recorder) {
    return new ExecutionQueue.Recorder() {
      @Override
      public void record(StatementExecution execution) {
        if (execution instanceof UnshapedExecution) {
          UnshapedExecution unshaped = (UnshapedExecution) execution;
          unshaped.attributes =
              attributesOf(
                  unshaped.connection,
                  unshaped.shapes.shapeOf(unshaped.sql),
                  unshaped.batchSize,
                  unshaped.mixedBatch);
        }
        recorder.record(execution);
      }

      @Override
      public void drained() {
        recorder.drained();
      }

      @Override
      public void closing() {
        recorder.closing();
      }
    };
  }

  private StatementAttributes attributesOf(
      ConnectionFacts connection, StatementShape shape, int batchSize, boolean mixedBatch) {
    return mixedBatch
        ? StatementAttributes.ofMixedBatch(connection, shape, statistics)
        : attributesOf(connection, shape, StatementAttributes.isBatch(batchSize));
  }

  private StatementAttributes attributesOf(
      ConnectionFacts connection, StatementShape shape, boolean batch) {
    ConcurrentMap<ConnectionFacts, ConcurrentMap<StatementShape, StatementAttributes>> cache =
        batch ? batches : single;
    ConcurrentMap<StatementShape, StatementAttributes> shapes = cache.get(connection);
    if (shapes == null) {
      shapes = cache.computeIfAbsent(connection, c -> new ConcurrentHashMap<>());
    }
    StatementAttributes cached = shapes.get(shape);
    if (cached != null) {
      return cached;
    }
    StatementAttributes computed = StatementAttributes.of(connection, shape, batch, statistics);
    if (shapes.size() < MAX_CACHED_SHAPES_PER_CONNECTION) {
      StatementAttributes raced = shapes.putIfAbsent(shape, computed);
      return raced == null ? computed : raced;
    }
    return computed;
  }
}
