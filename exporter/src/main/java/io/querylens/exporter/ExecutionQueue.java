package io.querylens.exporter;

import io.querylens.core.log.AgentLog;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands ended executions from the application's threads to one recording thread, so that building
 * spans, writing stack traces and feeding the exporters happen off the application's threads.
 *
 * <p>A bounded ring of slots with a sequence number each (Dmitry Vyukov's bounded queue): offering
 * is one compare-and-set and allocates nothing. A full ring refuses the execution and its thread
 * records it in place, so an overload costs the application time, never an execution.
 */
final class ExecutionQueue implements AutoCloseable {

  /** Interface of whoever records what the queue hands over; never throws. */
  interface Recorder {
    void record(StatementExecution execution);

    /** Everything queued so far was handed over: a chance to record what waited. */
    default void drained() {}

    /** The queue closes: record whatever still waits. */
    default void closing() {}
  }

  /**
   * How long the recording thread sleeps after each drain: the spans' delivery delay, and what one
   * wake-up records under load. Each wake-up costs a futex call and two context switches, and it
   * finds the ring's slots cold; at 20 ms an application running 30,000 statements a second pays 50
   * of them a second, each recording about 600 executions, not 200 of 150. The ring of 8,192 holds
   * 20 ms of 400,000 statements a second; a drain that found it more than a quarter full drains
   * again at once.
   */
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /**
   * After a second with nothing to record, the thread sleeps this long instead: an idle application
   * pays 20 wake-ups a second, not 50, and its next statement is recorded at most this late.
   */
  private static final long QUIET_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private static final int EMPTY_DRAINS_BEFORE_QUIET = 50;

  private final StatementExecution[] slots;
  private final AtomicLongArray sequences;
  private final int mask;
  private final AtomicLong tail = new AtomicLong();
  private final Object drainLock = new Object();
  private volatile Recorder recorder;
  private volatile Thread thread;
  private volatile boolean closed;
  private long head; // guarded by drainLock

  /**
   * A queue that holds executions until {@link #start}.
   *
   * @param capacity a power of two
   */
  ExecutionQueue(int capacity) {
    if (Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
    }
    this.slots = new StatementExecution[capacity];
    this.sequences = new AtomicLongArray(capacity);
    for (int i = 0; i < capacity; i++) {
      sequences.set(i, i);
    }
    this.mask = capacity - 1;
  }

  /** Starts the thread that hands every queued execution, and each later one, to the recorder. */
  synchronized void start(Recorder recorder) {
    if (thread != null || closed) {
      return;
    }
    this.recorder = recorder;
    Thread started = new Thread(this::run, "querylens-statements");
    started.setDaemon(true);
    thread = started;
    started.start();
  }

  /** Queues an ended execution; false when the ring is full (or closed) and nothing was queued. */
  boolean offer(StatementExecution execution) {
    if (closed) {
      return false;
    }
    long position = tail.get();
    while (true) {
      int slot = (int) position & mask;
      long sequence = sequences.get(slot);
      if (sequence == position) {
        if (tail.compareAndSet(position, position + 1)) {
          slots[slot] = execution;
          sequences.lazySet(slot, position + 1); // publishes the slot and the execution's fields
          return true;
        }
        position = tail.get();
      } else if (sequence < position) {
        return false; // the slot still holds an execution from one lap earlier: full
      } else {
        position = tail.get(); // another thread took this position
      }
    }
  }

  /**
   * Records everything queued so far on the calling thread; returns how many (none before {@link
   * #start}).
   */
  int drain() {
    Recorder recorder = this.recorder;
    if (recorder == null) {
      return 0;
    }
    synchronized (drainLock) {
      int drained = 0;
      while (true) {
        int slot = (int) head & mask;
        if (sequences.get(slot) != head + 1) {
          recorder.drained();
          return drained;
        }
        StatementExecution execution = slots[slot];
        slots[slot] = null;
        sequences.lazySet(slot, head + slots.length);
        head++;
        drained++;
        recorder.record(execution);
      }
    }
  }

  private void run() {
    int emptyDrains = 0;
    while (!closed) {
      try {
        int drained = drain();
        if (drained > slots.length / 4) {
          emptyDrains = 0;
          continue; // a burst: drain again before the ring fills
        }
        emptyDrains = drained > 0 ? 0 : emptyDrains + 1;
        LockSupport.parkNanos(
            this, emptyDrains < EMPTY_DRAINS_BEFORE_QUIET ? IDLE_PARK_NANOS : QUIET_PARK_NANOS);
      } catch (Throwable t) {
        // One execution is lost; the thread goes on with the next.
        AgentLog.warnOnce("execution-queue", "recording a statement failed: " + t);
      }
    }
  }

  /** Stops the recording thread and records what is left, on the calling thread. */
  @Override
  public void close() {
    closed = true;
    Thread running = thread;
    if (running != null) {
      LockSupport.unpark(running);
      try {
        running.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    drain();
    Recorder last = recorder;
    if (last != null) {
      last.closing();
    }
  }
}
