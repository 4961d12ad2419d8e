package io.querylens.core.sql;

/**
 * The 64-bit hash behind {@link Fingerprint}: four chars per step, each step a multiply and a
 * rotate (the multiply-rotate core of xxHash/wyhash), then a full avalanche at the end. Streaming:
 * hashing a text in several runs of whole 4-char blocks gives the same value as hashing it at once.
 * Not cryptographic — it groups statements, it does not protect them.
 */
final class FingerprintHash {

  static final long SEED = 0x9E3779B97F4A7C15L;

  private static final long P1 = 0x9E3779B185EBCA87L;
  private static final long P2 = 0xC2B2AE3D27D4EB4FL;

  private FingerprintHash() {}

  /** Mixes {@code chars[from, to)} into {@code hash}; {@code to - from} is a multiple of 4. */
  static long blocks(long hash, char[] chars, int from, int to) {
    long h = hash;
    for (int i = from; i < to; i += 4) {
      long block =
          chars[i]
              | ((long) chars[i + 1] << 16)
              | ((long) chars[i + 2] << 32)
              | ((long) chars[i + 3] << 48);
      h = Long.rotateLeft(h ^ (block * P1), 31) * P2;
    }
    return h;
  }

  /** Mixes the last (fewer than 4) chars and the total length, then avalanches. */
  static long finish(long hash, char[] chars, int from, int to, long totalLength) {
    long block = 0;
    for (int i = to - 1; i >= from; i--) {
      block = (block << 16) | chars[i];
    }
    long h = Long.rotateLeft(hash ^ (block * P1), 31) * P2;
    h ^= totalLength * P1;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB9FE1A85EC53L;
    h ^= h >>> 33;
    return h;
  }
}
