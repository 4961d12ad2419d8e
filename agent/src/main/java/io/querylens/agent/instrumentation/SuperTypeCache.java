package io.querylens.agent.instrumentation;

import java.lang.ref.SoftReference;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * Deciding whether a class is a JDBC statement walks its super types. Byte Buddy's default pool
 * parses every super type's class file again for every class the application loads, each one looked
 * up as a class loader resource: most of the agent's time while a driver loads its classes.
 *
 * <p>This one parses each {@code java.*} type once and shares it across class loaders, which is
 * safe because only the JDK may define {@code java.*} types. Other types are shared between the
 * matches of consecutive classes of one class loader (a driver loads hundreds in a row), in a map
 * held only softly and only for the latest class loader: it never keeps a class loader alive beyond
 * what memory pressure allows, and never grows past a bound.
 */
final class SuperTypeCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {

  /** The JDK's types ever seen as super types are a few hundred; this bound is never the limit. */
  private static final int MAX_SHARED = 4096;

  /** Types of the latest class loader kept at most; past it that loader's cache starts anew. */
  private static final int MAX_PER_LOADER = 2048;

  private final ConcurrentHashMap<String, TypePool.Resolution> jdkTypes = new ConcurrentHashMap<>();
  private volatile LatestLoader latest = new LatestLoader(null);

  SuperTypeCache() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader classLoader) {
    return new PerMatch(loaderTypes(classLoader));
  }

  private Map<String, TypePool.Resolution> loaderTypes(ClassLoader classLoader) {
    LatestLoader current = latest;
    if (classLoader != null && current.loader.get() == classLoader) {
      Map<String, TypePool.Resolution> types = current.types.get();
      if (types != null && types.size() < MAX_PER_LOADER) {
        return types;
      }
    }
    LatestLoader fresh = new LatestLoader(classLoader);
    latest = fresh;
    Map<String, TypePool.Resolution> types = fresh.types.get();
    return types == null ? new ConcurrentHashMap<>() : types;
  }

  private static final class LatestLoader {
    final WeakReference<ClassLoader> loader;
    final SoftReference<Map<String, TypePool.Resolution>> types;

    LatestLoader(ClassLoader loader) {
      this.loader = new WeakReference<>(loader);
      this.types = new SoftReference<>(new ConcurrentHashMap<>());
    }
  }

  private final class PerMatch implements TypePool.CacheProvider {
    private final Map<String, TypePool.Resolution> loaderTypes;

    PerMatch(Map<String, TypePool.Resolution> loaderTypes) {
      this.loaderTypes = loaderTypes;
    }

    @Override
    public TypePool.Resolution find(String name) {
      TypePool.Resolution found = isJdk(name) ? jdkTypes.get(name) : loaderTypes.get(name);
      return found == null ? UNRESOLVED : found;
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      if (!resolution.isResolved()) {
        return resolution;
      }
      Map<String, TypePool.Resolution> into = isJdk(name) ? jdkTypes : loaderTypes;
      if (into.size() >= (into == jdkTypes ? MAX_SHARED : MAX_PER_LOADER)) {
        return resolution;
      }
      TypePool.Resolution raced = into.putIfAbsent(name, resolution);
      return raced == null ? resolution : raced;
    }

    @Override
    public void clear() {
      // Shared beyond one match: what one match read stays true for the next.
    }

    private boolean isJdk(String name) {
      return name.startsWith("java.");
    }
  }
}
