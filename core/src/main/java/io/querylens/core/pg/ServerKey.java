package io.querylens.core.pg;

import io.querylens.core.jdbc.JdbcUrl;
import java.util.Locale;
import java.util.Optional;

/**
 * One PostgreSQL server as the application reaches it: address and port. Each distinct key gets its
 * own sampler; it becomes the {@code server.address}/{@code server.port} of every metric.
 */
public record ServerKey(String address, int port) {

  public static final int DEFAULT_PORT = 5432;

  public ServerKey {
    if (address == null || address.isEmpty()) {
      throw new IllegalArgumentException("a server address is required");
    }
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
    // Host names are case-insensitive: one server, one sampler.
    address = address.toLowerCase(Locale.ROOT);
  }

  /**
   * The server a PostgreSQL JDBC URL names: its first host (a multi-host URL lists failover
   * candidates), {@code localhost} and 5432 where the URL leaves them out. Empty for another
   * driver's URL or an unreadable one. Read by the same parser as the spans' {@code server.*}, so
   * both name a server alike; nothing else of the URL (which may hold a password) is kept.
   */
  public static Optional<ServerKey> fromJdbcUrl(String url) {
    JdbcUrl parsed = JdbcUrl.parse(url);
    if (!parsed.isPostgresql() || parsed.host() == null || parsed.port() == 0) {
      return Optional.empty();
    }
    return Optional.of(new ServerKey(parsed.host(), parsed.port()));
  }

  @Override
  public String toString() {
    return address + ":" + port;
  }
}
