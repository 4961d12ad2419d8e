package io.querylens.core.insight;

import java.util.ArrayList;
import java.util.HashMap;
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
  private final RepeatedLoops<Occurrence> repeats;

  /** The open transaction of each connection (by its number), for transactions outside traces. */
  private final Map<Long, TraceStatements> openTransactions = new HashMap<>();

  private final long repeatsScanNanos;
  private long repeatsToldNanos;
  // Keyed by trace id (a String) or by a TransactionKey, which never equals a String.
  private final Map<Object, TraceStatements> traces = new LinkedHashMap<>(16, 0.75f, true);

  /** Looks a transaction up without allocating; copied only into a new entry's key. */
  private final TransactionKey probe = new TransactionKey(0, 0);

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
    this(threshold, maxTraces, maxShapesPerTrace, quietNanos, 0, findings, parentSpanName);
  }

  /**
   * @param repeatIntervalNanos a loop already told is told again at most this often, its event
   *     counting the occurrences held back ({@code occurrences}); 0 tells every occurrence
   */
  public NPlusOneDetector(
      int threshold,
      int maxTraces,
      int maxShapesPerTrace,
      long quietNanos,
      long repeatIntervalNanos,
      Consumer<Finding> findings,
      Function<Object, String> parentSpanName) {
    this.repeats = new RepeatedLoops<>(repeatIntervalNanos);
    this.repeatsScanNanos = Math.min(REPEATS_SCAN_NANOS, Math.max(1, repeatIntervalNanos));
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
   * endNanos}, inside database transaction number {@code transaction} of connection {@code
   * connection}. Allocates nothing unless the transaction is new to the detector.
   */
  public void executedInTransaction(
      long connection,
      long transaction,
      String database,
      String fingerprint,
      String summary,
      long returnedRows,
      long startNanos,
      long endNanos) {
    probe.connection = connection;
    probe.transaction = transaction;
    ShapeRun run = follow(probe, true, database, fingerprint, summary, null, startNanos, endNanos);
    if (run != null) {
      run.lastRows = returnedRows;
    }
  }

  /** Counts one execution of the shape in its trace or transaction; null when not followed. */
  private ShapeRun follow(
      Object key,
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
        forgetTransaction(pushedOut);
        tracesPushedOut++;
        tell(pushedOut);
      }
      Object kept = key == probe ? probe.copy() : key;
      trace = new TraceStatements(kept, transaction, database);
      traces.put(kept, trace);
      if (transaction) {
        transactionBegan(trace);
      }
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

  /**
   * A connection's new transaction means its previous one ended (a commit, rollback or autocommit
   * change numbered it): that one is judged now, not after a quiet while. An application busy on
   * every connection then follows about one open transaction per connection, not every transaction
   * of the last two seconds (past {@code maxTraces}, each would be closed early).
   */
  private void transactionBegan(TraceStatements trace) {
    TraceStatements previous = openTransactions.put(trace.connection(), trace);
    if (previous != null && traces.remove(previous.key) != null) {
      tell(previous);
    }
  }

  private void forgetTransaction(TraceStatements trace) {
    if (trace.transaction) {
      openTransactions.remove(trace.connection(), trace);
    }
  }

  /** Closes the traces quiet since before {@code nowNanos - quietNanos}, telling their loops. */
  public void tick(long nowNanos) {
    for (Iterator<TraceStatements> it = traces.values().iterator(); it.hasNext(); ) {
      TraceStatements trace = it.next();
      if (nowNanos - trace.lastNanos < quietNanos) {
        break; // access order: every later trace was active more recently
      }
      it.remove();
      forgetTransaction(trace);
      tell(trace);
    }
    if (nowNanos - repeatsToldNanos >= repeatsScanNanos) {
      repeatsToldNanos = nowNanos;
      repeats.tick(nowNanos, this::tellNow);
    }
  }

  /** Held-back repeats are looked at once a second at most, not at every tick (a few a ms). */
  private static final long REPEATS_SCAN_NANOS = 1_000_000_000L;

  /** Closes every trace, telling its loops and every repeat held back. */
  public void closeAll() {
    List<TraceStatements> all = new ArrayList<>(traces.values());
    traces.clear();
    openTransactions.clear();
    all.forEach(this::tell);
    repeats.closeAll(this::tellNow);
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
        repeats.occurred(
            loopKey(trace, run), new Occurrence(trace, run), trace.lastNanos, this::tellNow);
      }
    }
  }

  /** One loop is one shape on one database, keyed one way: its repeats are held back together. */
  private static String loopKey(TraceStatements trace, ShapeRun loop) {
    return (trace.transaction ? "t " : "r ") + trace.database + ' ' + loop.fingerprint;
  }

  private void tellNow(Occurrence occurrence, long occurrences) {
    findings.accept(finding(occurrence.trace, occurrence.loop, occurrences));
  }

  private Finding finding(TraceStatements trace, ShapeRun loop, long occurrences) {
    ShapeRun driving = drivingStatement(trace, loop);
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("executions", (long) loop.count);
    evidence.put("occurrences", occurrences);
    evidence.put("threshold", (long) threshold);
    evidence.put("statement", loop.summary);
    evidence.put("keyed_by", trace.transaction ? "transaction" : "trace");
    if (!trace.transaction) {
      evidence.put("trace_id", trace.traceId());
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
            + (occurrences > 1
                ? " (the latest of "
                    + occurrences
                    + " "
                    + (trace.transaction ? "transactions" : "traces")
                    + " with this loop since it was last told)"
                : "")
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

  /** One database transaction: its connection's number and its own number on that connection. */
  private static final class TransactionKey {
    long connection;
    long transaction;

    TransactionKey(long connection, long transaction) {
      this.connection = connection;
      this.transaction = transaction;
    }

    TransactionKey copy() {
      return new TransactionKey(connection, transaction);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TransactionKey
          && ((TransactionKey) other).connection == connection
          && ((TransactionKey) other).transaction == transaction;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(connection * 31 + transaction);
    }
  }

  /** A loop's occurrence held back, to be told with its count of repeats. */
  private static final class Occurrence {
    final TraceStatements trace;
    final ShapeRun loop;

    Occurrence(TraceStatements trace, ShapeRun loop) {
      this.trace = trace;
      this.loop = loop;
    }
  }

  /** The statements of one trace, or of one transaction outside any trace. */
  private static final class TraceStatements {
    /** The trace id (a String), or the transaction's key. */
    final Object key;

    final boolean transaction;
    final String database;
    final Map<String, ShapeRun> shapes = new LinkedHashMap<>();
    ShapeRun previous;
    long lastNanos;

    TraceStatements(Object key, boolean transaction, String database) {
      this.key = key;
      this.transaction = transaction;
      this.database = database;
    }

    String traceId() {
      return transaction ? null : (String) key;
    }

    long connection() {
      return ((TransactionKey) key).connection;
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
