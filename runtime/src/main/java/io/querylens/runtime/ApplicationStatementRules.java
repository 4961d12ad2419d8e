package io.querylens.runtime;

import io.querylens.core.insight.Finding;
import io.querylens.core.insight.RegressionRule;
import io.querylens.core.insight.SlowStatementRule;
import io.querylens.core.insight.StatementDatabases;
import io.querylens.core.pg.SamplerRegistry;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.stats.ObservedStatements;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules over the agent's own measurements (slow statements, regressions): they describe the
 * application's statements, not one server, so they run once per sampling round, on the snapshots
 * of one lead server, however many servers are sampled. The lead is the first server seen, and the
 * next one to report once its sampler is gone.
 */
final class ApplicationStatementRules {

  private final SamplerRegistry samplers;
  private final ObservedStatements statistics;
  private final SlowStatementRule slow;
  private final RegressionRule regressions;
  private ServerKey lead;
  private Instant leadReportedAt;

  ApplicationStatementRules(
      SamplerRegistry samplers,
      ObservedStatements statistics,
      SlowStatementRule slow,
      RegressionRule regressions) {
    this.samplers = samplers;
    this.statistics = statistics;
    this.slow = slow;
    this.regressions = regressions;
  }

  /**
   * The findings from the agent's measurements when {@code snapshot} is the lead server's, else
   * null (they are the lead's to publish).
   */
  synchronized List<Finding> evaluate(Snapshot snapshot) {
    ServerKey server = snapshot.server().server();
    Instant now = snapshot.sampledAt();
    if (lead == null || (!lead.equals(server) && leadIsSilent(now))) {
      lead = server;
    }
    if (!lead.equals(server)) {
      return null;
    }
    leadReportedAt = now;
    String database = sharedDatabase(snapshot);
    List<Finding> found = new ArrayList<>(slow.evaluate(statistics, database));
    found.addAll(regressions.evaluate(statistics, database, snapshot.sampledAt()));
    // Each finding names the database its statement ran on, when the agent knows it: the sampled
    // servers' shared one would be wrong (or none) when the process talks to several.
    return StatementDatabases.named(found, statistics);
  }

  /**
   * The lead sends no more snapshots: its sampler is gone, or another instance of the application
   * samples it now (the sampler election), or it fails. Two intervals without one is enough.
   */
  private boolean leadIsSilent(Instant now) {
    return leadReportedAt.plus(samplers.interval().multipliedBy(2)).isBefore(now);
  }

  /**
   * The database the findings name: the one every sampled server serves, or null when they serve
   * several (then each finding names its statement's own, {@link StatementDatabases}).
   */
  private String sharedDatabase(Snapshot snapshot) {
    String database = snapshot.server().database();
    for (Snapshot other : samplers.latestSnapshots()) {
      if (!other.server().database().equals(database)) {
        return null;
      }
    }
    return database;
  }
}
