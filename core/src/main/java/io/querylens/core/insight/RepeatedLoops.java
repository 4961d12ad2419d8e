package io.querylens.core.insight;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds back the repeats of an N+1 loop already told: a loop in a hot code path runs in every
 * request, and one event per request (hundreds a second) says nothing the first did not, while
 * every one costs the application's process an export and the backend a record. A loop is told at
 * once the first time, then at most once per interval, its next event counting the occurrences held
 * back since; nothing is lost: held-back occurrences are told when their interval is over, or at
 * close. Bounded in the loops it remembers; the least recently seen past the bound is told (if it
 * holds anything) and forgotten. Run by the detector's one thread.
 */
final class RepeatedLoops<T> {

  /** Loops remembered at once: their keys are a few dozen characters each. */
  static final int MAX_LOOPS = 1024;

  private final long intervalNanos;
  private final Map<String, Loop<T>> loops = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * @param intervalNanos at most one event per loop this often; 0 tells every occurrence
   */
  RepeatedLoops(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  /** What an occurrence held back becomes when it is told: its latest occurrence and the count. */
  interface Teller<T> {
    void tell(T latest, long occurrences);
  }

  /**
   * Loop {@code key} occurred again at {@code nowNanos}: told now through {@code teller}, or held
   * back with {@code occurrence} as the one to tell later.
   */
  void occurred(String key, T occurrence, long nowNanos, Teller<T> teller) {
    if (intervalNanos <= 0) {
      teller.tell(occurrence, 1);
      return;
    }
    Loop<T> loop = loops.get(key);
    if (loop == null) {
      if (loops.size() >= MAX_LOOPS) {
        Iterator<Loop<T>> eldest = loops.values().iterator();
        Loop<T> forgotten = eldest.next();
        eldest.remove();
        forgotten.tellHeld(teller);
      }
      loops.put(key, new Loop<>(nowNanos));
      teller.tell(occurrence, 1);
      return;
    }
    loop.held++;
    loop.latest = occurrence;
    if (nowNanos - loop.toldNanos >= intervalNanos) {
      loop.tellHeld(teller);
      loop.toldNanos = nowNanos;
    }
  }

  /** Tells what has been held back a whole interval by {@code nowNanos}. */
  void tick(long nowNanos, Teller<T> teller) {
    for (Loop<T> loop : loops.values()) {
      if (loop.held > 0 && nowNanos - loop.toldNanos >= intervalNanos) {
        loop.tellHeld(teller);
        loop.toldNanos = nowNanos;
      }
    }
  }

  /** Tells everything held back (the application is exiting). */
  void closeAll(Teller<T> teller) {
    List<Loop<T>> all = new ArrayList<>(loops.values());
    loops.clear();
    all.forEach(loop -> loop.tellHeld(teller));
  }

  private static final class Loop<T> {
    long toldNanos;
    long held;
    T latest;

    Loop(long toldNanos) {
      this.toldNanos = toldNanos;
    }

    void tellHeld(Teller<T> teller) {
      if (held > 0) {
        T told = latest;
        long count = held;
        held = 0;
        latest = null;
        teller.tell(told, count);
      }
    }
  }
}
