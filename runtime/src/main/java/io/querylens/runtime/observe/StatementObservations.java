package io.querylens.runtime.observe;

import io.querylens.core.insight.StatementScans;
import io.querylens.core.log.AgentLog;
import io.querylens.exporter.CompletedExecution;
import io.querylens.exporter.ExecutionListener;
import io.querylens.exporter.QueryLensTelemetry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What this process's statements did, for whoever asks in the same class loader (the JUnit
 * extension in library mode; in agent mode the agent's bootstrap facade asks for it): every runtime
 * built here attaches itself, and each listener hears every runtime's recorded executions.
 *
 * <p>Listeners are told on the recording thread, after the span and the histogram point; while
 * nobody listens, the recorders hold a no-op listener and build nothing.
 */
public final class StatementObservations {

  /** Listeners at most; one more is refused with one line. */
  static final int MAX_LISTENERS = 64;

  /** Runtimes attached at most (a process normally builds one). */
  static final int MAX_RUNTIMES = 8;

  private static final Object LOCK = new Object();
  private static final List<Consumer<CompletedExecution>> LISTENERS = new CopyOnWriteArrayList<>();
  private static final List<Attached> RUNTIMES = new CopyOnWriteArrayList<>();
  private static final ExecutionListener FAN_OUT = StatementObservations::tellAll;

  private record Attached(QueryLensTelemetry telemetry, ShapePlanner planner) {}

  private StatementObservations() {}

  /** Called by each runtime as it is built. */
  public static void attach(QueryLensTelemetry telemetry, ShapePlanner planner) {
    synchronized (LOCK) {
      if (RUNTIMES.size() >= MAX_RUNTIMES) {
        AgentLog.warnOnce(
            "observations-runtimes",
            "more than "
                + MAX_RUNTIMES
                + " QueryLens runtimes in one process; the rest unobserved");
        return;
      }
      RUNTIMES.add(new Attached(telemetry, planner == null ? ShapePlanner.NONE : planner));
      if (!LISTENERS.isEmpty()) {
        telemetry.listenWith(FAN_OUT);
      }
    }
  }

  /** Whether a runtime is attached: whether anything here records statements at all. */
  public static boolean attached() {
    return !RUNTIMES.isEmpty();
  }

  /**
   * Tells {@code listener} of every execution recorded from now on, on the recording thread, until
   * the returned handle is closed. It must be quick and must not throw (what it throws is told once
   * and dropped).
   */
  public static AutoCloseable observe(Consumer<CompletedExecution> listener) {
    synchronized (LOCK) {
      if (LISTENERS.size() >= MAX_LISTENERS) {
        AgentLog.warnOnce(
            "observations-listeners",
            "more than " + MAX_LISTENERS + " statement listeners; the one added now hears nothing");
        return () -> {};
      }
      LISTENERS.add(listener);
      if (LISTENERS.size() == 1) {
        RUNTIMES.forEach(attached -> attached.telemetry().listenWith(FAN_OUT));
      }
    }
    return () -> stopTelling(listener);
  }

  private static void stopTelling(Consumer<CompletedExecution> listener) {
    synchronized (LOCK) {
      if (LISTENERS.remove(listener) && LISTENERS.isEmpty()) {
        RUNTIMES.forEach(attached -> attached.telemetry().listenWith(ExecutionListener.NONE));
      }
    }
  }

  private static void tellAll(CompletedExecution execution) {
    for (Consumer<CompletedExecution> listener : LISTENERS) {
      try {
        listener.accept(execution);
      } catch (RuntimeException e) {
        AgentLog.warnOnce("observation-listener", "a statement listener failed: " + e);
      }
    }
  }

  /**
   * Records every execution that ended before this call, waiting up to {@code timeoutMillis} for
   * telemetry still starting: once it returns true, every listener has heard of them.
   *
   * @return false when no runtime is attached, or one did not start in time
   */
  public static boolean flush(long timeoutMillis) {
    boolean flushed = !RUNTIMES.isEmpty();
    for (Attached attached : RUNTIMES) {
      flushed &= attached.telemetry().flush(timeoutMillis);
    }
    return flushed;
  }

  /**
   * The scans of each statement's generic plan on the server at {@code address:port} (never
   * ANALYZE), and, when {@code missingIndexes}, the indexes the advisor proposes for it; empty when
   * no runtime here knows how to reach that server.
   */
  public static Optional<List<StatementScans.Planned>> plan(
      String address, int port, List<String> sanitizedTexts, boolean missingIndexes) {
    for (Attached attached : RUNTIMES) {
      Optional<List<StatementScans.Planned>> planned =
          attached.planner().plan(address, port, sanitizedTexts, missingIndexes);
      if (planned.isPresent()) {
        return planned;
      }
    }
    return Optional.empty();
  }

  /**
   * An execution in JDK types only, for callers in another class loader (the agent's bootstrap
   * facade): the record's component names are the keys.
   */
  public static Map<String, Object> asMap(CompletedExecution execution) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("fingerprint", execution.fingerprint());
    map.put("sanitizedText", execution.sanitizedText());
    map.put("normalizedText", execution.normalizedText());
    map.put("summary", execution.summary());
    map.put("operation", execution.operation());
    map.put("tables", List.copyOf(execution.tables()));
    map.put("systemName", execution.systemName());
    map.put("serverAddress", execution.serverAddress());
    map.put("serverPort", execution.serverPort());
    map.put("namespace", execution.namespace());
    map.put("startNanos", execution.startNanos());
    map.put("durationNanos", execution.durationNanos());
    map.put("errorType", execution.errorType());
    map.put("traceId", execution.traceId());
    map.put("batchSize", execution.batchSize());
    return map;
  }

  /** A planned statement in JDK types only; {@code scans} is a list of maps, one per scan. */
  public static Map<String, Object> asMap(StatementScans.Planned planned) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("query", planned.query());
    map.put("skippedBecause", planned.skippedBecause());
    List<Map<String, Object>> scans = new ArrayList<>();
    for (StatementScans.Scan scan : planned.scans()) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("nodeType", scan.nodeType());
      line.put("schema", scan.schema());
      line.put("relation", scan.relation());
      line.put("indexName", scan.indexName());
      line.put("filter", scan.filter());
      line.put("planRows", scan.planRows());
      line.put("tableRows", scan.tableRows());
      line.put("line", scan.line());
      scans.add(line);
    }
    map.put("scans", scans);
    List<Map<String, Object>> missing = new ArrayList<>();
    for (StatementScans.MissingIndex index : planned.missingIndexes()) {
      Map<String, Object> advice = new LinkedHashMap<>();
      advice.put("planNode", index.planNode());
      advice.put("action", index.action());
      advice.put("note", index.note());
      advice.put("verified", index.verified());
      missing.add(advice);
    }
    map.put("missingIndexes", missing);
    return map;
  }
}
