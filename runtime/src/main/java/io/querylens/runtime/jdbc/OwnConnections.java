package io.querylens.runtime.jdbc;

/**
 * The connections the agent opened for itself (the sampler's). Their statements are never traced:
 * the application did not run them.
 */
public final class OwnConnections {

  private final WeakIdentityMap<Object, Boolean> connections = new WeakIdentityMap<>();

  void add(Object connection) {
    connections.put(connection, Boolean.TRUE);
  }

  boolean contains(Object connection) {
    return connection != null && connections.get(connection) != null;
  }
}
