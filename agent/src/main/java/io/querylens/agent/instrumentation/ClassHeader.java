package io.querylens.agent.instrumentation;

/**
 * Reads just enough of a class file to tell that a class cannot be a JDBC driver's statement,
 * connection or driver: an interface, or a class whose super class and direct interfaces are all
 * JDK types outside {@code java.sql}. (No JDK type outside {@code java.sql} extends or implements a
 * {@code java.sql} interface, so such a class's whole hierarchy is free of them.) Anything else, a
 * malformed class file included, may be one. Every class the JVM loads passes here, so it walks the
 * constant pool without ASM and allocates one offsets array; only the rest is read with ASM.
 */
final class ClassHeader {

  private static final int ACC_INTERFACE = 0x0200;
  private static final byte[] JAVA = {'j', 'a', 'v', 'a', '/'};
  private static final byte[] JAVA_SQL = {'j', 'a', 'v', 'a', '/', 's', 'q', 'l', '/'};

  private ClassHeader() {}

  /** Whether {@code classFile} may declare a JDBC implementation; true when it cannot tell. */
  static boolean mayBeJdbc(byte[] classFile) {
    try {
      return mayBeJdbcUnchecked(classFile);
    } catch (RuntimeException malformed) {
      return true; // an index out of bounds: let the real matcher decide
    }
  }

  private static boolean mayBeJdbcUnchecked(byte[] b) {
    if (b.length < 10 || u4(b, 0) != 0xCAFEBABE) {
      return true;
    }
    int count = u2(b, 8);
    int[] offsets = new int[count]; // where each constant's bytes start, after its tag
    int at = 10;
    for (int i = 1; i < count; i++) {
      int tag = b[at] & 0xFF;
      offsets[i] = at + 1;
      switch (tag) {
        case 1: // Utf8
          at += 3 + u2(b, at + 1);
          break;
        case 7: // Class
        case 8: // String
        case 16: // MethodType
        case 19: // Module
        case 20: // Package
          at += 3;
          break;
        case 15: // MethodHandle
          at += 4;
          break;
        case 3: // Integer
        case 4: // Float
        case 9: // Fieldref
        case 10: // Methodref
        case 11: // InterfaceMethodref
        case 12: // NameAndType
        case 17: // Dynamic
        case 18: // InvokeDynamic
          at += 5;
          break;
        case 5: // Long
        case 6: // Double
          at += 9;
          i++; // takes two entries
          break;
        default:
          return true; // a constant this reader does not know
      }
    }
    int access = u2(b, at);
    if ((access & ACC_INTERFACE) != 0) {
      return false; // interfaces are never rewritten
    }
    int superClass = u2(b, at + 4);
    if (superClass == 0) {
      return false; // java.lang.Object itself
    }
    if (!isJdkOutsideSql(b, offsets, superClass)) {
      return true;
    }
    int interfaces = u2(b, at + 6);
    for (int i = 0; i < interfaces; i++) {
      if (!isJdkOutsideSql(b, offsets, u2(b, at + 8 + 2 * i))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the Class constant at {@code index} names a JDK type outside {@code java/sql/}. */
  private static boolean isJdkOutsideSql(byte[] b, int[] offsets, int classIndex) {
    int utf8 = offsets[u2(b, offsets[classIndex])];
    int length = u2(b, utf8);
    int name = utf8 + 2;
    return startsWith(b, name, length, JAVA) && !startsWith(b, name, length, JAVA_SQL);
  }

  private static boolean startsWith(byte[] b, int from, int length, byte[] prefix) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[from + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u2(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  private static int u4(byte[] b, int at) {
    return (u2(b, at) << 16) | u2(b, at + 2);
  }
}
