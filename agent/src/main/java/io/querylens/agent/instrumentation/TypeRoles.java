package io.querylens.agent.instrumentation;

import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * Tells a class's JDBC roles from its super types, before the class exists: a transformer sees
 * bytes, and loading a super type from inside it could load classes out of order. Each super type
 * outside the JDK is read as its class loader's resource, once: the roles of a few recent class
 * loaders' types are remembered, in maps held only softly (a driver loads hundreds of classes in a
 * row, each asking about the same few super types), so this never keeps a class loader alive and
 * never grows past a bound.
 *
 * <p>Reading a class file is what start-up pays for here: behind Spring Boot's nested jars one
 * costs a walk over every jar of the class path. An application's classes come from several loaders
 * at once (the application's, a framework's generated classes, the JDK's), so a memory of only the
 * latest loader was thrown away at every switch and re-read the same super types: in a Spring Boot
 * start, 41 times over about 5,600 classes.
 */
final class TypeRoles {

  /** A hierarchy deeper than this is malformed or cyclic: it is taken as no JDBC type. */
  private static final int MAX_DEPTH = 64;

  /** Types of one class loader remembered at most; past it, what is new is read each time. */
  private static final int MAX_PER_LOADER = 16_384;

  /** Class loaders whose types are remembered at once; a new one takes the oldest one's place. */
  private static final int LOADERS = 8;

  private final LoaderTypes[] recent = new LoaderTypes[LOADERS];
  private int nextReplaced;
  private volatile LoaderTypes latest = new LoaderTypes(null);
  private final LongAdder classFilesRead = new LongAdder();

  /** The roles of the class being defined, whose super class and interfaces are given. */
  int ofDefined(ClassLoader loader, String name, String superName, String[] interfaces) {
    Map<String, Integer> known = typesOf(loader);
    int roles = ofSuperTypes(loader, known, superName, interfaces, 0);
    remember(known, name, roles); // its subclasses, often loaded next, ask about it
    return roles;
  }

  /** The roles the interfaces named give, as {@code loader} sees them. */
  int ofInterfaces(ClassLoader loader, String[] interfaces) {
    Map<String, Integer> known = typesOf(loader);
    int roles = JdbcRoles.NONE;
    for (String implemented : interfaces) {
      roles |= of(loader, known, implemented, 0);
    }
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
    classFilesRead.increment();
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

  /** Class files read so far to learn super types' roles: what start-up paid. */
  long classFilesRead() {
    return classFilesRead.sum();
  }

  private Map<String, Integer> typesOf(ClassLoader loader) {
    LoaderTypes last = latest;
    Map<String, Integer> types = last.typesOf(loader);
    if (types != null) {
      return types;
    }
    synchronized (recent) {
      for (LoaderTypes remembered : recent) {
        types = remembered == null ? null : remembered.typesOf(loader);
        if (types != null) {
          latest = remembered;
          return types;
        }
      }
      LoaderTypes fresh = new LoaderTypes(loader);
      recent[nextReplaced] = fresh;
      nextReplaced = (nextReplaced + 1) % LOADERS;
      latest = fresh;
      types = fresh.types.get();
    }
    return types == null ? new ConcurrentHashMap<>() : types;
  }

  /** One class loader's remembered types; the bootstrap loader is {@code null}. */
  private static final class LoaderTypes {
    final WeakReference<ClassLoader> loader;
    final boolean bootstrap;
    final SoftReference<Map<String, Integer>> types;

    LoaderTypes(ClassLoader loader) {
      this.loader = new WeakReference<>(loader);
      this.bootstrap = loader == null;
      this.types = new SoftReference<>(new ConcurrentHashMap<>());
    }

    /** The types remembered for {@code loader}, or null when these are another's (or dropped). */
    Map<String, Integer> typesOf(ClassLoader loader) {
      boolean same = loader == null ? bootstrap : this.loader.get() == loader;
      return same ? types.get() : null;
    }
  }
}
