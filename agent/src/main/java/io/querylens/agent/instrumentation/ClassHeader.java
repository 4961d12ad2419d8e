package io.querylens.agent.instrumentation;

/**
 * Reads just enough of a class file to tell that the rewriter has nothing to do in it, before
 * anything else looks at it:
 *
 * <ul>
 *   <li>an interface, or a class whose super class and direct interfaces are all JDK types outside
 *       {@code java.sql}: no JDK type outside {@code java.sql} extends or implements a {@code
 *       java.sql} interface, so its whole hierarchy is free of them;
 *   <li>a class that declares no method the rewriter may advise, and whose super class or whose
 *       interfaces are all JDK types outside {@code java.sql}: whatever JDBC role it inherits, it
 *       has no method of its own to rewrite, and no inherited one either (that needs a role from an
 *       interface over a super class outside the JDK, see {@link InheritedJdbcMethods}).
 * </ul>
 *
 * Anything else, a malformed class file included, may need rewriting, and only then are its super
 * types read ({@link TypeRoles}): what a start-up pays, as a super type is usually still to be
 * loaded when its subclass is defined. Every class the JVM loads passes here, so it walks the class
 * file without ASM and allocates one offsets array.
 */
final class ClassHeader {

  private static final int ACC_INTERFACE = 0x0200;
  private static final byte[] JAVA = {'j', 'a', 'v', 'a', '/'};
  private static final byte[] JAVA_SQL = {'j', 'a', 'v', 'a', '/', 's', 'q', 'l', '/'};

  private ClassHeader() {}

  /** The class has nothing to rewrite. */
  static final int NOTHING_TO_REWRITE = 0;

  /** The class may have something to rewrite: its super types tell. */
  static final int MAY_NEED_REWRITING = 1;

  /** The class declares nothing to rewrite, and may inherit something only through an interface. */
  static final int ONLY_THROUGH_INTERFACES = 2;

  /**
   * What {@code classFile} may have to rewrite; {@link #MAY_NEED_REWRITING} when it cannot tell.
   */
  static int verdict(byte[] classFile, AdvisedMethodNames advised) {
    try {
      return verdictUnchecked(classFile, advised);
    } catch (RuntimeException malformed) {
      return MAY_NEED_REWRITING; // an index out of bounds: let the real matcher decide
    }
  }

  /** Whether {@code classFile} may have something to rewrite; true when it cannot tell. */
  static boolean mayNeedRewriting(byte[] classFile, AdvisedMethodNames advised) {
    return verdict(classFile, advised) != NOTHING_TO_REWRITE;
  }

  private static int verdictUnchecked(byte[] b, AdvisedMethodNames advised) {
    if (b.length < 10 || u4(b, 0) != 0xCAFEBABE) {
      return MAY_NEED_REWRITING;
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
          return MAY_NEED_REWRITING; // a constant this reader does not know
      }
    }
    int access = u2(b, at);
    if ((access & ACC_INTERFACE) != 0) {
      return NOTHING_TO_REWRITE; // interfaces are never rewritten
    }
    int superClass = u2(b, at + 4);
    if (superClass == 0) {
      return NOTHING_TO_REWRITE; // java.lang.Object itself
    }
    boolean superOfJdk = isJdkOutsideSql(b, offsets, superClass);
    boolean interfacesOfJdk = true;
    int interfaces = u2(b, at + 6);
    for (int i = 0; i < interfaces && interfacesOfJdk; i++) {
      interfacesOfJdk = isJdkOutsideSql(b, offsets, u2(b, at + 8 + 2 * i));
    }
    if (superOfJdk && interfacesOfJdk) {
      return NOTHING_TO_REWRITE;
    }
    if (declaresAdvisedMethod(b, offsets, at + 8 + 2 * interfaces, advised)) {
      return MAY_NEED_REWRITING;
    }
    return superOfJdk || interfacesOfJdk ? NOTHING_TO_REWRITE : ONLY_THROUGH_INTERFACES;
  }

  /** Whether a method declared in the class, whose fields start at {@code at}, may be advised. */
  private static boolean declaresAdvisedMethod(
      byte[] b, int[] offsets, int at, AdvisedMethodNames advised) {
    int fields = u2(b, at);
    at += 2;
    for (int i = 0; i < fields; i++) {
      at = afterAttributes(b, at + 6);
    }
    int methods = u2(b, at);
    at += 2;
    for (int i = 0; i < methods; i++) {
      int utf8 = offsets[u2(b, at + 2)];
      if (advised.contains(b, utf8 + 2, u2(b, utf8))) {
        return true;
      }
      at = afterAttributes(b, at + 6);
    }
    return false;
  }

  /** Where the member whose attribute count is at {@code at} ends. */
  private static int afterAttributes(byte[] b, int at) {
    int attributes = u2(b, at);
    at += 2;
    for (int i = 0; i < attributes; i++) {
      at += 6 + u4(b, at + 2);
    }
    return at;
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
