package io.querylens.agent.instrumentation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * The names of the methods the rewriter may advise, compared with a class file's own bytes: {@link
 * ClassHeader} asks it about every method of every class that might inherit a JDBC role, before any
 * string exists. The names are grouped by length, so most methods cost one array read.
 */
final class AdvisedMethodNames {

  /** {@code byLength[n]}: the names of {@code n} bytes (ASCII, as every JDBC name is), or null. */
  private final byte[][][] byLength;

  AdvisedMethodNames(Set<String> names) {
    int longest = 0;
    for (String name : names) {
      longest = Math.max(longest, name.length());
    }
    byLength = new byte[longest + 1][][];
    for (String name : names) {
      byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
      byte[][] same = byLength[bytes.length];
      byte[][] grown = same == null ? new byte[1][] : Arrays.copyOf(same, same.length + 1);
      grown[grown.length - 1] = bytes;
      byLength[bytes.length] = grown;
    }
  }

  /** Whether the modified-UTF-8 name at {@code b[from..from+length)} is one of the names. */
  boolean contains(byte[] b, int from, int length) {
    if (length >= byLength.length || byLength[length] == null) {
      return false;
    }
    for (byte[] name : byLength[length]) {
      if (equalAt(b, from, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean equalAt(byte[] b, int from, byte[] name) {
    for (int i = 0; i < name.length; i++) {
      if (b[from + i] != name[i]) {
        return false;
      }
    }
    return true;
  }
}
