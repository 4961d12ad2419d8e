package io.querylens.core.insight;

import io.querylens.core.pg.Snapshot;
import io.querylens.core.stats.ObservedStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The slow plan refresh of one database: every sampler round, the generic plans of a few of the
 * statement shapes seen (the agent's and pg_stat_statements'), chosen by {@link PlanSchedule}, so
 * that in time every observed shape has a plan (not only the planning round's costliest) and its
 * indexes count as in use. Planning as the missing-index round does: one READ ONLY transaction with
 * {@code statement_timeout} and {@code lock_timeout}, the generic plan of a prepared text, never
 * {@code ANALYZE}, rolled back; a shape that cannot be planned is skipped and counted.
 */
public final class PlanRefresh {

  private final PlanSchedule schedule;
  private final MissingIndexSettings timeouts;

  /**
   * @param perRound shapes planned per sampler round
   * @param refreshEvery how long a shape's plan stands before it is planned again
   */
  public PlanRefresh(int perRound, Duration refreshEvery) {
    this(perRound, refreshEvery, MissingIndexSettings.defaults());
  }

  PlanRefresh(int perRound, Duration refreshEvery, MissingIndexSettings timeouts) {
    this.schedule = new PlanSchedule(perRound, refreshEvery);
    this.timeouts = timeouts;
  }

  /** What one round planned and what its planning cost in index scans. */
  public record Refreshed(
      List<ShapePlan> plans, int failed, Map<String, Long> scansAddedByAdvisor) {

    static final Refreshed NOTHING = new Refreshed(List.of(), 0, Map.of());

    public Refreshed {
      plans = List.copyOf(plans);
      scansAddedByAdvisor = Map.copyOf(scansAddedByAdvisor);
    }
  }

  /**
   * Plans this round's share of the shapes seen, on {@code connection} (the sampler's session: its
   * settings change only inside the transaction).
   *
   * @param applicationSearchPath the {@code search_path} the application's connections use, or null
   *     for the session's default
   * @throws SQLException only when the session itself fails
   */
  public Refreshed run(
      Connection connection,
      Snapshot snapshot,
      List<ObservedStatement> observed,
      String applicationSearchPath,
      Instant now)
      throws SQLException {
    List<PlannedStatement> due = schedule.due(PlannedStatement.allOf(snapshot, observed), now);
    if (due.isEmpty()) {
      return Refreshed.NOTHING;
    }
    int version = snapshot.server().versionNumber();
    long started = System.nanoTime();
    Refreshed refreshed =
        ReadOnlyTransaction.run(
            connection,
            timeouts.explainTimeout(),
            timeouts.lockTimeout(),
            inside -> plan(inside, version, due, applicationSearchPath, now));
    if (!refreshed.scansAddedByAdvisor().isEmpty()) {
      PlannerProbeFlush.afterBefore15(connection, version, started);
    }
    return refreshed;
  }

  /** The missing-index round planned these too: they are not due again for a while. */
  public void plannedByRound(List<ShapePlan> plans, Instant at) {
    for (ShapePlan plan : plans) {
      schedule.planned(PlanSchedule.keyOf(plan), at);
    }
  }

  /** How the shapes seen stand after the latest round. */
  public PlanCoverage coverage() {
    return schedule.coverage();
  }

  private Refreshed plan(
      Connection connection,
      int version,
      List<PlannedStatement> due,
      String applicationSearchPath,
      Instant now)
      throws SQLException {
    // The application's tables, as its statements name them, not the sampler's pg_catalog.
    PlanningSearchPath.set(connection, applicationSearchPath);
    List<ShapePlan> plans = new ArrayList<>();
    int failed = 0;
    for (PlannedStatement statement : due) {
      Savepoint savepoint = connection.setSavepoint();
      try {
        String json = GenericPlan.explain(connection, statement.query());
        plans.add(ShapePlan.of(statement, json, PlanReader.read(json)));
        connection.releaseSavepoint(savepoint);
        schedule.planned(statement.scheduleKey(), now);
      } catch (SQLException | IllegalArgumentException cannotPlan) {
        connection.rollback(savepoint);
        GenericPlan.deallocateIfPrepared(connection);
        schedule.failed(statement.scheduleKey(), now);
        failed++;
      }
    }
    Map<String, Long> probes = PlannerProbes.thisTransaction(connection);
    PlannerProbeFlush.forceInside(connection, version);
    return new Refreshed(plans, failed, probes);
  }
}
