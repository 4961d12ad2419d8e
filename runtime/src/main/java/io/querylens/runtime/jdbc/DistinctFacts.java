package io.querylens.runtime.jdbc;

import io.querylens.core.log.AgentLog;
import io.querylens.exporter.ConnectionFacts;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bounds the distinct connection facts the agent ever hands out, since everything keyed by them
 * (attributes cached per connection's facts, metric series per namespace) grows with their number,
 * and their namespace is the application's to choose: a schema-per-tenant application connecting
 * with {@code currentSchema=tenant_4711} has one per tenant. Past {@link #MAX_NAMESPACES}, a new
 * namespace falls into its server's "other" bucket (the facts without {@code db.namespace}); past
 * as many servers, into its database system's.
 */
final class DistinctFacts {

  /** Distinct namespaces (with their server) kept as they are. */
  static final int MAX_NAMESPACES = 256;

  private final ConcurrentMap<ConnectionFacts, ConnectionFacts> named = new ConcurrentHashMap<>();
  private final ConcurrentMap<ConnectionFacts, ConnectionFacts> perServer =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ConnectionFacts> perSystem = new ConcurrentHashMap<>();

  /** {@code facts}, or the one instance equal to it, or its "other" bucket past the bound. */
  ConnectionFacts of(ConnectionFacts facts) {
    ConnectionFacts known = named.get(facts);
    if (known != null) {
      return known;
    }
    if (named.size() < MAX_NAMESPACES) {
      known = named.putIfAbsent(facts, facts);
      return known == null ? facts : known;
    }
    AgentLog.warnOnce(
        "namespaces-folded",
        "statements reach more than "
            + MAX_NAMESPACES
            + " distinct database namespaces (a schema or database per tenant?); those of further"
            + " ones are reported without db.namespace, so that the agent's memory and the metric"
            + " series stay bounded");
    ConnectionFacts server =
        new ConnectionFacts(facts.systemName(), null, facts.serverAddress(), facts.serverPort());
    known = perServer.get(server);
    if (known != null) {
      return known;
    }
    if (perServer.size() < MAX_NAMESPACES) {
      known = perServer.putIfAbsent(server, server);
      return known == null ? server : known;
    }
    return perSystem.computeIfAbsent(
        facts.systemName(), system -> new ConnectionFacts(system, null, null, 0));
  }
}
