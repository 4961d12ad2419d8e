package io.querylens.core.sql;

/**
 * The 64-bit identity of a statement shape: two statements share it exactly when they differ only
 * in literals, whitespace, comments, keyword (and unquoted identifier) case and list lengths.
 */
public final class Fingerprint {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final long value;

  private Fingerprint(long value) {
    this.value = value;
  }

  public static Fingerprint of(long value) {
    return new Fingerprint(value);
  }

  /**
   * Reads the 16 hex chars that {@link #toHex()} writes (any case).
   *
   * @throws IllegalArgumentException when {@code hex} is not exactly 16 hex digits
   */
  public static Fingerprint fromHex(String hex) {
    if (hex == null || hex.length() != 16) {
      throw new IllegalArgumentException("a fingerprint is 16 hex digits, got: " + hex);
    }
    long value = 0;
    for (int i = 0; i < 16; i++) {
      int digit = Character.digit(hex.charAt(i), 16);
      if (digit < 0) {
        throw new IllegalArgumentException("a fingerprint is 16 hex digits, got: " + hex);
      }
      value = (value << 4) | digit;
    }
    return new Fingerprint(value);
  }

  public long asLong() {
    return value;
  }

  /** Always 16 lowercase hex chars, zero-padded, so fingerprints sort and grep alike. */
  public String toHex() {
    char[] chars = new char[16];
    long v = value;
    for (int i = 15; i >= 0; i--) {
      chars[i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
    return new String(chars);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Fingerprint && ((Fingerprint) other).value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
