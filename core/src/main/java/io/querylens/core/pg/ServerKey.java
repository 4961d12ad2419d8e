package io.querylens.core.pg;

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
   * driver's URL or an unreadable one. Reads only the host part: the rest (which may hold a
   * password) is never kept.
   */
  public static Optional<ServerKey> fromJdbcUrl(String url) {
    String prefix = "jdbc:postgresql:";
    if (url == null || !url.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return Optional.empty();
    }
    String rest = url.substring(prefix.length());
    if (!rest.startsWith("//")) {
      return Optional.of(new ServerKey("localhost", DEFAULT_PORT));
    }
    int end = 2;
    while (end < rest.length() && "/?,".indexOf(rest.charAt(end)) < 0) {
      end++;
    }
    String authority = rest.substring(2, end);
    if (authority.isEmpty()) {
      return Optional.of(new ServerKey("localhost", DEFAULT_PORT));
    }
    String host = authority;
    String port = "";
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return Optional.empty();
      }
      host = authority.substring(1, close);
      if (close + 1 < authority.length() && authority.charAt(close + 1) == ':') {
        port = authority.substring(close + 2);
      }
    } else {
      int colon = authority.lastIndexOf(':');
      if (colon >= 0) {
        host = authority.substring(0, colon);
        port = authority.substring(colon + 1);
      }
    }
    try {
      int number = port.isEmpty() ? DEFAULT_PORT : Integer.parseInt(port);
      return Optional.of(new ServerKey(host, number));
    } catch (IllegalArgumentException unreadable) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return address + ":" + port;
  }
}
