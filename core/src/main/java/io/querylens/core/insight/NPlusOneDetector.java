package io.querylens.core.insight;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Finds N+1 loops: one statement shape executed more than {@code threshold} times within one trace,
 * which usually means a loop over the rows of an earlier statement that should have been one join.
 * A statement in no application trace is keyed by its database transaction instead (autocommit off,
 * from begin to commit or rollback on one connection); one in neither is not looked at. Told once
 * per (trace or transaction, shape), when it has been quiet for a while (so the count is the loop's
 * whole length), when it is pushed out of the bounded map, or at close.
 *
 * <p>Run on one thread (the recording thread); nothing here is thread-safe.
 */
public final class NPlusOneDetector {

  public static final String KIND = "n_plus_one";

  private final int threshold;
  private final int maxTraces;
  private final int maxShapesPerTrace;
  private final long quietNanos;
  private final Consumer<Finding> findings;
  private final Function<Object, String> parentSpanName;
  private final Map<String, TraceStatements> traces = new LinkedHashMap<>(16, 0.75f, true);
  // Written by the one thread that runs this, read by a metric exporter's.
  private volatile long tracesPushedOut;
  private volatile long shapesNotFollowed;

  /**
   * @param threshold more executions of one shape in one trace than this is a finding
   * @param maxTraces traces followed at once; the least recently active past it is closed early
   * @param maxShapesPerTrace distinct shapes followed per trace; later ones are counted, not
   *     followed
   * @param quietNanos a trace without a statement this long is closed and its loops told
   */
  public NPlusOneDetector(
      int threshold,
      int maxTraces,
      int maxShapesPerTrace,
      long quietNanos,
      Consumer<Finding> findings) {
    this(threshold, maxTraces, maxShapesPerTrace, quietNanos, findings, parent -> null);
  }

  /**
   * @param parentSpanName the name of a parent span given to {@link #executedInTrace}, or null when
   *     it has none that can be read; asked only as a finding is told
   */
  public NPlusOneDetector(
      int threshold,
      int maxTraces,
      int maxShapesPerTrace,
      long quietNanos,
      Consumer<Finding> findings,
      Function<Object, String> parentSpanName) {
    this.threshold = threshold;
    this.maxTraces = maxTraces;
    this.maxShapesPerTrace = maxShapesPerTrace;
    this.quietNanos = quietNanos;
    this.findings = findings;
    this.parentSpanName = parentSpanName;
  }

  /** One statement of trace {@code traceId} ended at {@code endNanos}. */
  public void executed(
      String traceId,
      String parentSpanId,
      String database,
      String fingerprint,
      String summary,
      long returnedRows,
      long endNanos) {
    executedInTrace(
        traceId,
        parentSpanId,
        null,
        database,
        fingerprint,
        summary,
        returnedRows,
        endNanos,
        endNanos);
  }

  /**
   * One statement of trace {@code traceId}, started at {@code startNanos}, ended at {@code
   * endNanos}, as a child of the application's span {@code parentSpan} (an object the name function
   * reads, or null).
   */
  public void executedInTrace(
      String traceId,
      String parentSpanId,
      Object parentSpan,
      String database,
      String fingerprint,
      String summary,
      long returnedRows,
      long startNanos,
      long endNanos) {
    ShapeRun run =
        follow(traceId, false, database, fingerprint, summary, parentSpanId, startNanos, endNanos);
    if (run != null) {
      run.parentSpan = run.count == 1 ? parentSpan : run.parentSpan;
      run.lastRows = returnedRows;
    }
  }

  /**
   * One statement in no application trace, started at {@code startNanos}, ended at {@code
   * endNanos}, inside database transaction {@code transaction} (a key naming the connection and its
   * transaction's number).
   */
  public void executedInTransaction(
      String transaction,
      String database,
      String fingerprint,
      String summary,
      long returnedRows,
      long startNanos,
      long endNanos) {
    ShapeRun run =
        follow(
            TRANSACTION + transaction,
            true,
            database,
            fingerprint,
            summary,
            null,
            startNanos,
            endNanos);
    if (run != null) {
      run.lastRows = returnedRows;
    }
  }

  /** Keys of transactions, which never equal a trace id (32 hex digits). */
  private static final String TRANSACTION = "transaction ";

  /** Counts one execution of the shape in its trace or transaction; null when not followed. */
  private ShapeRun follow(
      String key,
      boolean transaction,
      String database,
      String fingerprint,
      String summary,
      String parentSpanId,
      long startNanos,
      long endNanos) {
    TraceStatements trace = traces.get(key);
    if (trace == null) {
      if (traces.size() >= maxTraces) {
        Iterator<TraceStatements> eldest = traces.values().iterator();
        TraceStatements pushedOut = eldest.next();
        eldest.remove();
        tracesPushedOut++;
        tell(pushedOut);
      }
      trace = new TraceStatements(key, transaction, database);
      traces.put(key, trace);
    }
    trace.lastNanos = Math.max(trace.lastNanos, endNanos);
    ShapeRun run = trace.shapes.get(fingerprint);
    if (run == null) {
      if (trace.shapes.size() >= maxShapesPerTrace) {
        shapesNotFollowed++;
        trace.previous = null;
        return null;
      }
      run = new ShapeRun(fingerprint, summary, parentSpanId, trace.previous, startNanos);
      trace.shapes.put(fingerprint, run);
    }
    run.firstStartNanos = Math.min(run.firstStartNanos, startNanos);
    run.count++;
    trace.previous = run;
    return run;
  }

  /** Closes the traces quiet since before {@code nowNanos - quietNanos}, telling their loops. */
  public void tick(long nowNanos) {
    for (Iterator<TraceStatements> it = traces.values().iterator(); it.hasNext(); ) {
      TraceStatements trace = it.next();
      if (nowNanos - trace.lastNanos < quietNanos) {
        return; // access order: every later trace was active more recently
      }
      it.remove();
      tell(trace);
    }
  }

  /** Closes every trace, telling its loops. */
  public void closeAll() {
    List<TraceStatements> all = new ArrayList<>(traces.values());
    traces.clear();
    all.forEach(this::tell);
  }

  /** Traces closed before they were quiet because more than {@code maxTraces} were followed. */
  public long tracesPushedOut() {
    return tracesPushedOut;
  }

  /** Executions of shapes past {@code maxShapesPerTrace} in their trace, not followed. */
  public long shapesNotFollowed() {
    return shapesNotFollowed;
  }

  private void tell(TraceStatements trace) {
    for (ShapeRun run : trace.shapes.values()) {
      if (run.count > threshold) {
        findings.accept(finding(trace, run));
      }
    }
  }

  private Finding finding(TraceStatements trace, ShapeRun loop) {
    ShapeRun driving = drivingStatement(trace, loop);
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("executions", (long) loop.count);
    evidence.put("threshold", (long) threshold);
    evidence.put("statement", loop.summary);
    evidence.put("keyed_by", trace.transaction ? "transaction" : "trace");
    if (!trace.transaction) {
      evidence.put("trace_id", trace.traceId);
      evidence.put("parent_span_id", loop.parentSpanId);
      String parentName = parentNameOf(loop);
      if (parentName != null) {
        evidence.put("parent_span_name", parentName);
      }
    }
    if (driving != null) {
      evidence.put("driving_statement", driving.summary);
      evidence.put("driving_fingerprint", driving.fingerprint);
      if (driving.lastRows >= 0) {
        evidence.put("driving_rows", driving.lastRows);
      }
    }
    String note =
        "The same statement ran "
            + loop.count
            + (trace.transaction ? " times in one transaction" : " times in one trace")
            + (driving == null
                ? ""
                : ", most likely once per row of " + driving.summary + "; one join would do");
    return new Finding(
        KIND,
        Severity.WARNING,
        Risk.NONE,
        new FindingObject(trace.database, null, null, null, loop.fingerprint),
        evidence,
        null,
        null,
        note);
  }

  private String parentNameOf(ShapeRun loop) {
    if (loop.parentSpan == null) {
      return null;
    }
    try {
      return parentSpanName.apply(loop.parentSpan);
    } catch (RuntimeException e) {
      return null; // a name that cannot be read is no name, never a lost finding
    }
  }

  /**
   * The statement whose rows most likely drove the loop: among those first started before it, the
   * one whose rows read are nearest the loop's count (within a tenth of it); else the one recorded
   * just before the loop's first execution; null when there is none. Start times, not the order of
   * recording: a query is recorded once its rows are read, so the one whose open result set a loop
   * walks arrives after the whole loop.
   */
  private static ShapeRun drivingStatement(TraceStatements trace, ShapeRun loop) {
    ShapeRun nearest = null;
    long nearestDistance = Long.MAX_VALUE;
    for (ShapeRun run : trace.shapes.values()) {
      if (run == loop || run.firstStartNanos >= loop.firstStartNanos) {
        continue;
      }
      if (run.lastRows >= 0) {
        long distance = Math.abs(run.lastRows - loop.count);
        if (distance < nearestDistance) {
          nearest = run;
          nearestDistance = distance;
        }
      }
    }
    if (nearest != null && nearestDistance * 10 <= loop.count) {
      return nearest;
    }
    return loop.before;
  }

  /** The statements of one trace, or of one transaction outside any trace. */
  private static final class TraceStatements {
    final String traceId;
    final boolean transaction;
    final String database;
    final Map<String, ShapeRun> shapes = new LinkedHashMap<>();
    ShapeRun previous;
    long lastNanos;

    TraceStatements(String traceId, boolean transaction, String database) {
      this.traceId = traceId;
      this.transaction = transaction;
      this.database = database;
    }
  }

  private static final class ShapeRun {
    final String fingerprint;
    final String summary;
    final String parentSpanId;
    final ShapeRun before;
    Object parentSpan;
    int count;
    long lastRows = -1;
    long firstStartNanos;

    ShapeRun(
        String fingerprint,
        String summary,
        String parentSpanId,
        ShapeRun before,
        long firstStartNanos) {
      this.fingerprint = fingerprint;
      this.summary = summary;
      this.parentSpanId = parentSpanId;
      this.before = before;
      this.firstStartNanos = firstStartNanos;
    }
  }
}
