package io.querylens.agent.jdbc;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A concurrent map from objects the application owns (statements, connections) to what the agent
 * knows of them, holding its keys weakly so the agent never keeps an application object alive. Keys
 * compare by identity: a driver's {@code equals} is none of our business.
 */
final class WeakIdentityMap<K, V> {

  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<K> collected = new ReferenceQueue<>();

  V get(K key) {
    return map.get(new Lookup(key));
  }

  void put(K key, V value) {
    expungeCollected();
    map.put(new WeakKey<>(key, collected), value);
  }

  V remove(K key) {
    return map.remove(new Lookup(key));
  }

  int size() {
    expungeCollected();
    return map.size();
  }

  private void expungeCollected() {
    Object reference;
    while ((reference = collected.poll()) != null) {
      map.remove(reference);
    }
  }

  /** The stored key: weak, hashed by the referent's identity, equal to itself once collected. */
  private static final class WeakKey<K> extends WeakReference<K> {
    private final int hash;

    WeakKey(K referent, ReferenceQueue<K> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      Object referent = get();
      if (referent == null) {
        return false;
      }
      if (other instanceof Lookup) {
        return ((Lookup) other).referent == referent;
      }
      return other instanceof WeakKey && ((WeakKey<?>) other).get() == referent;
    }
  }

  /** A short-lived key for look-ups; escape analysis usually removes its allocation. */
  private static final class Lookup {
    private final Object referent;

    Lookup(Object referent) {
      this.referent = referent;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(referent);
    }

    @Override
    public boolean equals(Object other) {
      if (other instanceof WeakKey) {
        return ((WeakKey<?>) other).get() == referent;
      }
      return other instanceof Lookup && ((Lookup) other).referent == referent;
    }
  }
}
