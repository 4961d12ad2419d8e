package io.querylens.exporter;

import io.opentelemetry.api.metrics.Meter;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Holds back the executions whose rows are still being read, on the recording thread, until the
 * application has gone past the last row or closed the result set: their spans and points then
 * carry {@code db.response.returned_rows}, while their times stay those of the execute call. The
 * wait is bounded in time and in number; what it lets go without rows is counted.
 */
final class RowsAwaited implements ExecutionQueue.Recorder {

  /**
   * Long enough for a report that streams its rows for a while; a result set never closed (a leak
   * the application has anyway) delays its span by this much.
   */
  static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Executions waiting at most; past it the oldest is recorded without rows. */
  static final int CAPACITY = 4096;

  static final String WITHOUT_ROWS = "querylens.statements.recorded_without_rows";

  private final ExecutionQueue.Recorder recorder;
  private final LongSupplier nanoClock;
  private final ArrayDeque<StatementExecution> waiting = new ArrayDeque<>();
  private final LongAdder withoutRows;

  /**
   * @param withoutRows counts the executions let go without their rows
   */
  RowsAwaited(ExecutionQueue.Recorder recorder, LongSupplier nanoClock, LongAdder withoutRows) {
    this.recorder = recorder;
    this.nanoClock = nanoClock;
    this.withoutRows = withoutRows;
  }

  @Override
  public synchronized void record(StatementExecution execution) {
    if (!execution.rowsPending()) {
      recorder.record(execution);
      return;
    }
    if (waiting.size() >= CAPACITY) {
      recordWithoutRows(waiting.poll());
    }
    waiting.add(execution);
  }

  /** Records each waiting execution whose rows are known, or whose wait is over. */
  @Override
  public synchronized void drained() {
    recordArrivedRows();
    recorder.drained();
  }

  private void recordArrivedRows() {
    if (waiting.isEmpty()) {
      return;
    }
    long now = nanoClock.getAsLong();
    for (Iterator<StatementExecution> it = waiting.iterator(); it.hasNext(); ) {
      StatementExecution execution = it.next();
      if (!execution.rowsPending()) {
        it.remove();
        recorder.record(execution);
      } else if (now - execution.endNanos > WAIT_NANOS) {
        it.remove();
        recordWithoutRows(execution);
      }
    }
  }

  @Override
  public synchronized void closing() {
    recordArrivedRows();
    for (StatementExecution execution; (execution = waiting.poll()) != null; ) {
      recordWithoutRows(execution);
    }
    recorder.closing();
  }

  private void recordWithoutRows(StatementExecution execution) {
    withoutRows.increment();
    recorder.record(execution);
  }

  static void countIn(Meter meter, LongAdder withoutRows) {
    meter
        .counterBuilder(WITHOUT_ROWS)
        .setUnit("{execution}")
        .setDescription(
            "Executions recorded without db.response.returned_rows: their result set was neither"
                + " read to its end nor closed within 10 s, or more than "
                + CAPACITY
                + " waited at once.")
        .buildWithCallback(measurement -> measurement.record(withoutRows.sum()));
  }
}
