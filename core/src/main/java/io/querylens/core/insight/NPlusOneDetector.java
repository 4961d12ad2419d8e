package io.querylens.core.insight;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds N+1 loops: one statement shape executed more than {@code threshold} times within one trace,
 * which usually means a loop over the rows of an earlier statement that should have been one join.
 * Told once per (trace, shape), when the trace has been quiet for a while (so the count is the
 * loop's whole length), when it is pushed out of the bounded map, or at close.
 *
 * <p>Only statements inside an application trace are looked at: "one transaction" would need the
 * connection's autocommit and commit/rollback on the hot path, which the agent does not observe.
 * Run on one thread (the recording thread); nothing here is thread-safe.
 */
public final class NPlusOneDetector {

  public static final String KIND = "n_plus_one";

  private final int threshold;
  private final int maxTraces;
  private final int maxShapesPerTrace;
  private final long quietNanos;
  private final Consumer<Finding> findings;
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
    this.threshold = threshold;
    this.maxTraces = maxTraces;
    this.maxShapesPerTrace = maxShapesPerTrace;
    this.quietNanos = quietNanos;
    this.findings = findings;
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
    TraceStatements trace = traces.get(traceId);
    if (trace == null) {
      if (traces.size() >= maxTraces) {
        Iterator<TraceStatements> eldest = traces.values().iterator();
        TraceStatements pushedOut = eldest.next();
        eldest.remove();
        tracesPushedOut++;
        tell(pushedOut);
      }
      trace = new TraceStatements(traceId, database);
      traces.put(traceId, trace);
    }
    trace.lastNanos = endNanos;
    ShapeRun run = trace.shapes.get(fingerprint);
    if (run == null) {
      if (trace.shapes.size() >= maxShapesPerTrace) {
        shapesNotFollowed++;
        trace.previous = null;
        return;
      }
      run = new ShapeRun(fingerprint, summary, parentSpanId, trace.previous);
      trace.shapes.put(fingerprint, run);
    }
    run.count++;
    run.lastRows = returnedRows;
    trace.previous = run;
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
    evidence.put("trace_id", trace.traceId);
    evidence.put("parent_span_id", loop.parentSpanId);
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
            + " times in one trace"
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

  /**
   * The statement whose rows most likely drove the loop: among those first run before it, the one
   * whose rows read are nearest the loop's count (within a tenth of it); else the one run just
   * before the loop started; null when the loop was the trace's first statement.
   */
  private static ShapeRun drivingStatement(TraceStatements trace, ShapeRun loop) {
    ShapeRun nearest = null;
    long nearestDistance = Long.MAX_VALUE;
    for (ShapeRun run : trace.shapes.values()) {
      if (run == loop) {
        break; // insertion order: the rest started after the loop did
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

  private static final class TraceStatements {
    final String traceId;
    final String database;
    final Map<String, ShapeRun> shapes = new LinkedHashMap<>();
    ShapeRun previous;
    long lastNanos;

    TraceStatements(String traceId, String database) {
      this.traceId = traceId;
      this.database = database;
    }
  }

  private static final class ShapeRun {
    final String fingerprint;
    final String summary;
    final String parentSpanId;
    final ShapeRun before;
    int count;
    long lastRows = -1;

    ShapeRun(String fingerprint, String summary, String parentSpanId, ShapeRun before) {
      this.fingerprint = fingerprint;
      this.summary = summary;
      this.parentSpanId = parentSpanId;
      this.before = before;
    }
  }
}
