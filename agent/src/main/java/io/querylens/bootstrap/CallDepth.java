package io.querylens.bootstrap;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How deep the current thread is in traced JDBC calls, kept without a {@code ThreadLocal}: a
 * thread-local costs every new thread a map, an entry and a counter, and a server on virtual
 * threads makes a new thread per request. Instead the threads inside a JDBC call right now own a
 * slot of one shared table (found from the thread's identity hash within a few probes), with the
 * depth beside it; the slot is given back when the outermost call returns. Nothing is allocated, on
 * any thread; the table holds a thread only while it is inside a call.
 *
 * <p>A lookup scans the whole probe window, so a slot emptied in the middle never hides a thread
 * further on. When every slot of the window is taken (thousands of threads inside calls at once),
 * the thread's depth goes to a map instead, where it stays until its outermost call returns; that
 * map is looked at only while it holds someone.
 */
final class CallDepth {

  private static final int SLOT_BITS = 12;
  private static final int SLOTS = 1 << SLOT_BITS;
  private static final int MASK = SLOTS - 1;
  private static final int PROBES = 8;

  private static final AtomicReferenceArray<Thread> OWNERS = new AtomicReferenceArray<>(SLOTS);

  /** A slot's depth: read and written only by the thread owning the slot. */
  private static final int[] DEPTHS = new int[SLOTS];

  private static final Map<Thread, int[]> OVERFLOW = new ConcurrentHashMap<>();
  private static final AtomicInteger OVERFLOWING = new AtomicInteger();

  private CallDepth() {}

  /** Raises the current thread's depth; true when this is its outermost call. */
  static boolean enter() {
    Thread thread = Thread.currentThread();
    int start = firstSlot(thread);
    for (int i = 0; i < PROBES; i++) {
      int slot = (start + i) & MASK;
      if (OWNERS.get(slot) == thread) {
        DEPTHS[slot]++;
        return false;
      }
    }
    if (OVERFLOWING.get() > 0) {
      int[] depth = OVERFLOW.get(thread);
      if (depth != null) {
        depth[0]++;
        return false;
      }
    }
    for (int i = 0; i < PROBES; i++) {
      int slot = (start + i) & MASK;
      if (OWNERS.get(slot) == null && OWNERS.compareAndSet(slot, null, thread)) {
        DEPTHS[slot] = 1;
        return true;
      }
    }
    OVERFLOW.put(thread, new int[] {1});
    OVERFLOWING.incrementAndGet();
    return true;
  }

  /** Lowers the current thread's depth, raised by its matching {@link #enter}. */
  static void exit() {
    Thread thread = Thread.currentThread();
    int start = firstSlot(thread);
    for (int i = 0; i < PROBES; i++) {
      int slot = (start + i) & MASK;
      if (OWNERS.get(slot) == thread) {
        if (--DEPTHS[slot] == 0) {
          OWNERS.set(slot, null); // publishes the depth of 0 to the slot's next owner
        }
        return;
      }
    }
    int[] depth = OVERFLOW.get(thread);
    if (depth != null && --depth[0] == 0) {
      OVERFLOW.remove(thread);
      OVERFLOWING.decrementAndGet();
    }
  }

  private static int firstSlot(Thread thread) {
    return (System.identityHashCode(thread) * 0x9E3779B9) >>> (32 - SLOT_BITS);
  }
}
