package io.querylens.agent.instrumentation;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * Deciding whether a class is a JDBC statement walks its super types, and nearly every walk ends in
 * the same JDK types ({@code Object}, {@code Serializable}, {@code AutoCloseable}, the {@code
 * java.sql} interfaces). Byte Buddy's default pool parses those class files again for every class
 * the application loads; this one parses each {@code java.*} type once and shares it across class
 * loaders, which is safe because only the JDK may define {@code java.*} types. Everything else is
 * cached for one class's matching only, as by default, so nothing of the application is retained.
 */
final class JdkTypeCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {

  /** The JDK's types ever seen as super types are a few hundred; this bound is never the limit. */
  private static final int MAX_SHARED = 4096;

  private final ConcurrentHashMap<String, TypePool.Resolution> jdkTypes = new ConcurrentHashMap<>();

  JdkTypeCache() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader classLoader) {
    return new PerMatch();
  }

  private final class PerMatch implements TypePool.CacheProvider {
    private final Map<String, TypePool.Resolution> local = new HashMap<>();

    @Override
    public TypePool.Resolution find(String name) {
      TypePool.Resolution found = isJdk(name) ? jdkTypes.get(name) : local.get(name);
      return found == null ? UNRESOLVED : found;
    }

    @Override
    public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      if (isJdk(name) && resolution.isResolved() && jdkTypes.size() < MAX_SHARED) {
        TypePool.Resolution raced = jdkTypes.putIfAbsent(name, resolution);
        return raced == null ? resolution : raced;
      }
      local.put(name, resolution);
      return resolution;
    }

    @Override
    public void clear() {
      local.clear();
    }

    private boolean isJdk(String name) {
      return name.startsWith("java.");
    }
  }
}
