package io.querylens.core.pg;

import java.util.Locale;

/**
 * One PostgreSQL server as the application reaches it: address and port. Each distinct key gets its
 * own sampler; it becomes the {@code server.address}/{@code server.port} of every metric.
 */
public record ServerKey(String address, int port) {

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

  @Override
  public String toString() {
    return address + ":" + port;
  }
}
