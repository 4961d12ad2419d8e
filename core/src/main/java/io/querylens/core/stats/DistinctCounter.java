package io.querylens.core.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Estimates how many distinct strings it was shown, in a fixed 128 KB whatever their number (linear
 * counting over a bitmap). Remembering the strings themselves would grow with a storm of distinct
 * statements, which is exactly when the count matters. Off by a handful at a thousand, within about
 * one percent at a million; the bitmap is allocated on first use.
 */
final class DistinctCounter {

  private static final int BITS = 1 << 20;

  private volatile AtomicLongArray bitmap;

  void add(String value) {
    AtomicLongArray bits = bitmap();
    int bit = (int) (mix(value.hashCode()) & (BITS - 1));
    int word = bit >>> 6;
    long mask = 1L << (bit & 63);
    long current = bits.get(word);
    while ((current & mask) == 0 && !bits.compareAndSet(word, current, current | mask)) {
      current = bits.get(word);
    }
  }

  long estimate() {
    AtomicLongArray bits = bitmap;
    if (bits == null) {
      return 0;
    }
    long set = 0;
    for (int i = 0; i < bits.length(); i++) {
      set += Long.bitCount(bits.get(i));
    }
    if (set == BITS) {
      return BITS; // saturated: at least this many
    }
    return Math.round(-BITS * Math.log(1 - (double) set / BITS));
  }

  private AtomicLongArray bitmap() {
    AtomicLongArray bits = bitmap;
    if (bits == null) {
      synchronized (this) {
        bits = bitmap;
        if (bits == null) {
          bits = new AtomicLongArray(BITS / 64);
          bitmap = bits;
        }
      }
    }
    return bits;
  }

  /** Spreads String.hashCode's bits so that similar strings land far apart (a 64-bit finalizer). */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb93fe53a85bL;
    h ^= h >>> 33;
    return h;
  }
}
