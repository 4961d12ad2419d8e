package io.querylens.core.insight;

import io.querylens.core.pg.ConnectionStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Connections near {@code max_connections}: the next burst is refused. */
public final class ConnectionsRule implements Rule {

  public static final String KIND = "connections";

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    ConnectionStats connections = input.snapshot().connections();
    if (connections == null || connections.maxConnections() <= 0) {
      return List.of();
    }
    double share = (double) connections.total() / connections.maxConnections();
    if (share < input.thresholds().connectionsWarning()) {
      return List.of();
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("connections", connections.total());
    evidence.put("max_connections", connections.maxConnections());
    evidence.put("by_state", connections.byState().toString());
    return List.of(
        new Finding(
            KIND,
            share >= 0.95 ? Severity.CRITICAL : Severity.WARNING,
            Risk.NONE,
            FindingObject.database(input.database()),
            evidence,
            null,
            null,
            "A connection pool in front of PostgreSQL, or smaller application pools, keep headroom."));
  }
}
