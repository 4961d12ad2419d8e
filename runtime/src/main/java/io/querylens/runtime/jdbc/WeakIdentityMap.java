package io.querylens.runtime.jdbc;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A concurrent map from objects the application owns (statements, connections) to what the agent
 * knows of them, holding its keys weakly so the agent never keeps an application object alive. Keys
 * compare by identity: a driver's {@code equals} is none of our business.
 *
 * <p>A look-up, on every statement's execution, allocates nothing and takes no lock: it walks one
 * bucket's chain comparing referents. (A {@code ConcurrentHashMap} needs a key object for each
 * look-up, and whether escape analysis removes it depends on how every other map of the JVM has
 * profiled {@code ConcurrentHashMap.get}: measured, a 100-row batch sometimes cost 1.6 KB more.)
 * Changes take the lock of one of 16 segments; a segment grows by copying its chains, so a
 * concurrent look-up always sees a whole chain, old or new.
 */
final class WeakIdentityMap<K, V> {

  private static final int SEGMENTS = 16;
  private static final int SEGMENT_SHIFT = 28; // the hash's top 4 bits pick the segment

  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();

  @SuppressWarnings("unchecked")
  private final Segment<V>[] segments = new Segment[SEGMENTS];

  WeakIdentityMap() {
    for (int i = 0; i < SEGMENTS; i++) {
      segments[i] = new Segment<>();
    }
  }

  V get(K key) {
    int hash = hash(key);
    return segmentOf(hash).get(key, hash);
  }

  void put(K key, V value) {
    expungeCollected();
    int hash = hash(key);
    segmentOf(hash).put(key, hash, value, collected);
  }

  V remove(K key) {
    expungeCollected();
    int hash = hash(key);
    return segmentOf(hash).remove(key, hash);
  }

  /**
   * As {@link #remove}, but a key that is not here costs only a look-up: no lock, and no clean-up
   * of collected keys (closing a statement the map never held is the common case).
   */
  void removeIfPresent(K key) {
    int hash = hash(key);
    Segment<V> segment = segmentOf(hash);
    if (segment.get(key, hash) != null) {
      expungeCollected();
      segment.remove(key, hash);
    }
  }

  int size() {
    expungeCollected();
    int size = 0;
    for (Segment<V> segment : segments) {
      size += segment.size();
    }
    return size;
  }

  @SuppressWarnings("unchecked")
  private void expungeCollected() {
    Object reference;
    while ((reference = collected.poll()) != null) {
      Entry<V> entry = (Entry<V>) reference;
      segmentOf(entry.hash).unlink(entry);
    }
  }

  private Segment<V> segmentOf(int hash) {
    return segments[hash >>> SEGMENT_SHIFT];
  }

  private static int hash(Object key) {
    int h = System.identityHashCode(key);
    return h ^ (h >>> 16) ^ (h << 16); // spread into both the top (segment) and low (bucket) bits
  }

  /** A stored key: weak, with its identity hash, its value and the next entry of its bucket. */
  private static final class Entry<V> extends WeakReference<Object> {
    final int hash;
    volatile V value;
    volatile Entry<V> next;

    Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.hash = hash;
      this.value = value;
      this.next = next;
    }
  }

  private static final class Segment<V> {
    private static final int INITIAL_BUCKETS = 16;

    private volatile AtomicReferenceArray<Entry<V>> buckets =
        new AtomicReferenceArray<>(INITIAL_BUCKETS);
    private int size;

    V get(Object key, int hash) {
      AtomicReferenceArray<Entry<V>> table = buckets;
      for (Entry<V> e = table.get(hash & (table.length() - 1)); e != null; e = e.next) {
        if (e.get() == key) {
          return e.value;
        }
      }
      return null;
    }

    synchronized void put(Object key, int hash, V value, ReferenceQueue<Object> queue) {
      AtomicReferenceArray<Entry<V>> table = buckets;
      int index = hash & (table.length() - 1);
      for (Entry<V> e = table.get(index); e != null; e = e.next) {
        if (e.get() == key) {
          e.value = value;
          return;
        }
      }
      table.set(index, new Entry<>(key, hash, value, table.get(index), queue));
      if (++size > table.length() - (table.length() >>> 2)) {
        grow(table, queue);
      }
    }

    synchronized V remove(Object key, int hash) {
      AtomicReferenceArray<Entry<V>> table = buckets;
      int index = hash & (table.length() - 1);
      Entry<V> previous = null;
      for (Entry<V> e = table.get(index); e != null; previous = e, e = e.next) {
        if (e.get() == key) {
          unlink(table, index, previous, e);
          return e.value;
        }
      }
      return null;
    }

    /** Removes an entry whose key was collected, if it is still here. */
    synchronized void unlink(Entry<V> collected) {
      AtomicReferenceArray<Entry<V>> table = buckets;
      int index = collected.hash & (table.length() - 1);
      Entry<V> previous = null;
      for (Entry<V> e = table.get(index); e != null; previous = e, e = e.next) {
        if (e == collected) {
          unlink(table, index, previous, e);
          return;
        }
      }
    }

    synchronized int size() {
      return size;
    }

    /** A reader standing on {@code e} still walks on through its {@code next}. */
    private void unlink(
        AtomicReferenceArray<Entry<V>> table, int index, Entry<V> previous, Entry<V> e) {
      if (previous == null) {
        table.set(index, e.next);
      } else {
        previous.next = e.next;
      }
      size--;
    }

    /**
     * Twice the buckets, filled with copies: the old chains stay whole for readers still on them.
     * Entries whose key is gone are left behind.
     */
    private void grow(AtomicReferenceArray<Entry<V>> old, ReferenceQueue<Object> queue) {
      AtomicReferenceArray<Entry<V>> table = new AtomicReferenceArray<>(old.length() * 2);
      int live = 0;
      for (int i = 0; i < old.length(); i++) {
        for (Entry<V> e = old.get(i); e != null; e = e.next) {
          Object key = e.get();
          if (key != null) {
            int index = e.hash & (table.length() - 1);
            table.set(index, new Entry<>(key, e.hash, e.value, table.get(index), queue));
            live++;
          }
        }
      }
      size = live;
      buckets = table;
    }
  }
}
