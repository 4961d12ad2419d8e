package io.querylens.junit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The executions that started while one test ran, tallied by shape. Told on the recording thread;
 * an execution belongs to the test when it started between the test's start and end on this JVM's
 * monotonic clock (tests run in parallel share what overlaps: see docs/junit.md).
 */
final class TestStatements implements Consumer<Map<String, Object>> {

  /** Shapes tallied at most per test; the executions of further shapes are counted, not kept. */
  static final int MAX_SHAPES = 1_000;

  private final long startedNanos;
  private final Map<String, ShapeTally> shapes = new LinkedHashMap<>(); // guarded by this
  private long endedNanos = Long.MAX_VALUE; // guarded by this
  private long statements; // guarded by this
  private long untallied; // guarded by this
  private boolean sealed; // guarded by this

  TestStatements(long startedNanos) {
    this.startedNanos = startedNanos;
  }

  @Override
  public synchronized void accept(Map<String, Object> execution) {
    if (sealed
        || !(execution.get("startNanos") instanceof Number start)
        || start.longValue() < startedNanos
        || start.longValue() > endedNanos) {
      return;
    }
    statements++;
    String fingerprint = ShapeTally.text(execution, "fingerprint");
    ShapeTally tally = shapes.get(fingerprint);
    if (tally == null) {
      if (shapes.size() >= MAX_SHAPES) {
        untallied++;
        return;
      }
      tally = ShapeTally.of(execution);
      shapes.put(fingerprint, tally);
    }
    long duration = execution.get("durationNanos") instanceof Number nanos ? nanos.longValue() : 0;
    tally.add(duration, execution.get("errorType") != null);
  }

  /** Executions starting after {@code nanos} are another test's. */
  synchronized void endAt(long nanos) {
    endedNanos = nanos;
  }

  /**
   * Takes nothing more: an execution of another thread that started during the test and ended after
   * its end could otherwise still arrive while the budgets are read.
   */
  synchronized void seal() {
    sealed = true;
  }

  synchronized long statements() {
    return statements;
  }

  /** Executions of shapes past {@link #MAX_SHAPES}, in {@link #statements()} but in no tally. */
  synchronized long untallied() {
    return untallied;
  }

  /** In the order each shape first ran. */
  synchronized List<ShapeTally> shapes() {
    return new ArrayList<>(shapes.values());
  }
}
