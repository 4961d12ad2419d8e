package io.querylens.core.sql;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Remembers the shape of each SQL string, so a statement seen before costs one hash lookup. Bounded
 * in entries and in total SQL chars; thread-safe; reads take no lock and allocate nothing.
 *
 * <p>Why a {@link ConcurrentHashMap} and not an LRU: a hit must stay under ~50 ns and allocation
 * free, and the JDBC statements of an application are a few hundred strings that prepared
 * statements pass again and again (String caches its hash, and {@code equals} of the same instance
 * is an identity check). {@code ConcurrentHashMap.get} is lock-free; recency tracking would make
 * every hit a write. The bound matters for applications that inline literals and so produce endless
 * distinct strings: there any policy misses anyway, so when full we evict a handful of the oldest
 * entries (first in, first out, from a queue only inserts touch), which costs nothing on the read
 * path.
 *
 * <p>A string is cached at its second miss, not its first: a statement that inlines its literals is
 * usually never seen again, and caching it would only cost a map entry, a queue node and an
 * eviction. A small table of the hashes of strings missed once remembers which to admit; a prepared
 * statement pays one extra fingerprinting, on its second execution.
 */
public final class StatementShapeCache {

  /** Entries dropped per insert once over a bound: amortizes eviction over a few misses. */
  private static final int EVICTIONS_PER_INSERT = 4;

  /**
   * Slots of the seen-once table (16 KiB); a collision admits a string early, which is harmless.
   */
  private static final int SEEN_ONCE_SLOTS = 4096;

  private final int maxEntries;
  private final long maxTotalChars;
  private final long maxCachedLength;
  private final ConcurrentHashMap<String, StatementShape> shapes;
  private final ConcurrentLinkedQueue<String> insertionOrder = new ConcurrentLinkedQueue<>();
  private final AtomicLong totalChars = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  // Plain ints read and written without synchronization: a lost or stale write only delays or
  // hastens one admission.
  private final int[] seenOnce = new int[SEEN_ONCE_SLOTS];

  /**
   * @param maxEntries at most this many statements are kept (at least 1)
   * @param maxTotalChars at most this many chars of SQL are kept, counted over the keys
   */
  public StatementShapeCache(int maxEntries, long maxTotalChars) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be at least 1, got " + maxEntries);
    }
    if (maxTotalChars < 1) {
      throw new IllegalArgumentException("maxTotalChars must be at least 1, got " + maxTotalChars);
    }
    this.maxEntries = maxEntries;
    this.maxTotalChars = maxTotalChars;
    // One statement may take at most a quarter of the char budget, so a few huge ones cannot
    // flush everything else.
    this.maxCachedLength = Math.max(1, maxTotalChars / 4);
    this.shapes = new ConcurrentHashMap<>(Math.min(maxEntries, 1024) * 2);
  }

  /** The shape of {@code sql}, from the cache when seen before. Never throws. */
  public StatementShape shapeOf(String sql) {
    if (sql == null) {
      return SqlFingerprinter.shape(null);
    }
    StatementShape shape = shapes.get(sql);
    if (shape != null) {
      hits.increment();
      return shape;
    }
    misses.increment();
    shape = SqlFingerprinter.shape(sql);
    if (sql.length() <= maxCachedLength && seenBefore(sql)) {
      remember(sql, shape);
    }
    return shape;
  }

  /**
   * The shape of {@code sql} if the cache holds it, else null: a lookup only, no fingerprinting, so
   * a caller can leave a miss to {@link #shapeOf} on a thread of its choosing (the miss is counted
   * there).
   */
  public StatementShape cachedShapeOf(String sql) {
    if (sql == null) {
      return null;
    }
    StatementShape shape = shapes.get(sql);
    if (shape != null) {
      hits.increment();
    }
    return shape;
  }

  /** Whether {@code sql} was missed before; remembers that it now was. */
  private boolean seenBefore(String sql) {
    int hash = sql.hashCode();
    int slot = (hash ^ (hash >>> 16)) & (SEEN_ONCE_SLOTS - 1);
    if (seenOnce[slot] == hash) {
      return true;
    }
    seenOnce[slot] = hash;
    return false;
  }

  private void remember(String sql, StatementShape shape) {
    try {
      if (shapes.putIfAbsent(sql, shape) == null) {
        insertionOrder.add(sql);
        totalChars.addAndGet(sql.length());
        if (shapes.size() > maxEntries || totalChars.get() > maxTotalChars) {
          evictSome();
        }
      }
    } catch (RuntimeException e) {
      // Caching is an optimisation; a failure here must never reach the caller.
    }
  }

  /**
   * Oldest first. (A fresh map iterator per insert used to walk the bins earlier evictions had
   * emptied: 11% of the agent's CPU on a statement stream that never repeats.)
   */
  private void evictSome() {
    int evicted = 0;
    String key;
    while ((evicted < EVICTIONS_PER_INSERT
            || shapes.size() > maxEntries
            || totalChars.get() > maxTotalChars)
        && (key = insertionOrder.poll()) != null) {
      if (shapes.remove(key) != null) {
        totalChars.addAndGet(-key.length());
        evictions.increment();
        evicted++;
      }
    }
  }

  public long hits() {
    return hits.sum();
  }

  public long misses() {
    return misses.sum();
  }

  public long evictions() {
    return evictions.sum();
  }

  public int size() {
    return shapes.size();
  }

  /** Chars of SQL held as keys right now. */
  public long totalChars() {
    return totalChars.get();
  }
}
