package io.querylens.agent.instrumentation;

import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * Tells a class's JDBC roles from its super types, before the class exists: a transformer sees
 * bytes, and loading a super type from inside it could load classes out of order. Each super type
 * outside the JDK is read as its class loader's resource, once: the roles of the latest class
 * loader's types are remembered, in a map held only softly (a driver loads hundreds of classes in a
 * row, each asking about the same few super types), so this never keeps a class loader alive and
 * never grows past a bound.
 */
final class TypeRoles {

  /** A hierarchy deeper than this is malformed or cyclic: it is taken as no JDBC type. */
  private static final int MAX_DEPTH = 64;

  /** Types of the latest class loader remembered at most; past it that loader's map starts anew. */
  private static final int MAX_PER_LOADER = 4096;

  private volatile LatestLoader latest = new LatestLoader(null);

  /** The roles of the class being defined, whose super class and interfaces are given. */
  int ofDefined(ClassLoader loader, String name, String superName, String[] interfaces) {
    Map<String, Integer> known = typesOf(loader);
    int roles = ofSuperTypes(loader, known, superName, interfaces, 0);
    remember(known, name, roles); // its subclasses, often loaded next, ask about it
    return roles;
  }

  /** The roles of the type named {@code internalName}, as {@code loader} sees it. */
  int of(ClassLoader loader, String internalName) {
    return of(loader, typesOf(loader), internalName, 0);
  }

  private int of(ClassLoader loader, Map<String, Integer> known, String name, int depth) {
    int jdk = JdbcRoles.ofJdkType(name);
    if (jdk != JdbcRoles.UNKNOWN) {
      return jdk;
    }
    Integer remembered = known.get(name);
    if (remembered != null) {
      return remembered;
    }
    if (depth > MAX_DEPTH) {
      return JdbcRoles.NONE;
    }
    byte[] classFile = classFile(loader, name);
    int roles = JdbcRoles.NONE;
    if (classFile != null) {
      try {
        ClassReader reader = new ClassReader(classFile);
        roles =
            ofSuperTypes(loader, known, reader.getSuperName(), reader.getInterfaces(), depth + 1);
      } catch (RuntimeException malformed) {
        // Not a class file this reader understands: the JVM will say so when it loads it.
      }
    }
    remember(known, name, roles);
    return roles;
  }

  private int ofSuperTypes(
      ClassLoader loader,
      Map<String, Integer> known,
      String superName,
      String[] interfaces,
      int depth) {
    int roles = superName == null ? JdbcRoles.NONE : of(loader, known, superName, depth);
    for (String implemented : interfaces) {
      roles |= of(loader, known, implemented, depth);
    }
    return roles;
  }

  /** The class file of {@code name} as {@code loader} (null: the JDK's) has it, or null. */
  static byte[] classFile(ClassLoader loader, String name) {
    ClassLoader source = loader != null ? loader : ClassLoader.getPlatformClassLoader();
    try (InputStream in = source.getResourceAsStream(name + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (Exception unreadable) {
      return null;
    }
  }

  private static void remember(Map<String, Integer> known, String name, int roles) {
    if (known.size() < MAX_PER_LOADER) {
      known.put(name, roles);
    }
  }

  private Map<String, Integer> typesOf(ClassLoader loader) {
    LatestLoader current = latest;
    if (current.loader.get() == loader) {
      Map<String, Integer> types = current.types.get();
      if (types != null && types.size() < MAX_PER_LOADER) {
        return types;
      }
    }
    LatestLoader fresh = new LatestLoader(loader);
    latest = fresh;
    Map<String, Integer> types = fresh.types.get();
    return types == null ? new ConcurrentHashMap<>() : types;
  }

  private static final class LatestLoader {
    final WeakReference<ClassLoader> loader;
    final SoftReference<Map<String, Integer>> types;

    LatestLoader(ClassLoader loader) {
      this.loader = new WeakReference<>(loader);
      this.types = new SoftReference<>(new ConcurrentHashMap<>());
    }
  }
}
