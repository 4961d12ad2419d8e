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
 */
public final class StatementShapeCache {

  /** Entries dropped per insert once over a bound: amortizes eviction over a few misses. */
  private static final int EVICTIONS_PER_INSERT = 4;

  private final int maxEntries;
  private final long maxTotalChars;
  private final long maxCachedLength;
  private final ConcurrentHashMap<String, StatementShape> shapes;
  private final ConcurrentLinkedQueue<String> insertionOrder = new ConcurrentLinkedQueue<>();
  private final AtomicLong totalChars = new AtomicLong();
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();

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
    if (sql.length() <= maxCachedLength) {
      remember(sql, shape);
    }
    return shape;
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
