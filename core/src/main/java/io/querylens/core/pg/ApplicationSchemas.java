package io.querylens.core.pg;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The schemas the application's connections to each server resolve unqualified names in (pgjdbc's
 * {@code currentSchema}, which becomes the session's {@code search_path}), so that the advisor
 * plans the application's statements as the application runs them, whatever the sampler's own
 * session (a configured monitoring URL without it, say) would resolve them to.
 *
 * <p>Bounded: at most {@link #MAX_SCHEMAS} distinct values a server, in the order first seen (a
 * schema-per-tenant application has many; its tables share names, so the first tenant's plan stands
 * for all); later ones are counted. Servers are as many as the sampler samples.
 */
public final class ApplicationSchemas {

  static final int MAX_SCHEMAS = 8;

  private final Map<ServerKey, List<String>> byServer = new ConcurrentHashMap<>();
  private final AtomicLong leftOut = new AtomicLong();

  /** An application connection to {@code server} with {@code currentSchema} (null: none named). */
  public void seen(ServerKey server, String currentSchema) {
    if (currentSchema == null || currentSchema.isBlank()) {
      return;
    }
    String schema = currentSchema.strip();
    List<String> schemas =
        byServer.computeIfAbsent(
            server, s -> java.util.Collections.synchronizedList(new ArrayList<>()));
    synchronized (schemas) {
      if (schemas.contains(schema)) {
        return;
      }
      if (schemas.size() < MAX_SCHEMAS) {
        schemas.add(schema);
      } else {
        leftOut.incrementAndGet();
      }
    }
  }

  /**
   * The {@code search_path} to plan the application's statements on {@code server} with: its
   * connections' schemas, comma-separated in the order first seen; null when none named one (the
   * sampler's session default stands then).
   */
  public String searchPath(ServerKey server) {
    List<String> schemas = byServer.get(server);
    if (schemas == null) {
      return null;
    }
    synchronized (schemas) {
      return schemas.isEmpty() ? null : String.join(", ", schemas);
    }
  }

  /** Distinct schemas not kept because a server already had {@link #MAX_SCHEMAS}. */
  public long leftOut() {
    return leftOut.get();
  }
}
