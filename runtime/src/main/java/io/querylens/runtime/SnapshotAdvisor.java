package io.querylens.runtime;

import io.querylens.core.insight.Advisor;
import io.querylens.core.insight.AdvisorInput;
import io.querylens.core.insight.Finding;
import io.querylens.core.insight.IndexBloat;
import io.querylens.core.insight.IndexBloatMeter;
import io.querylens.core.insight.MissingIndexAdvisor;
import io.querylens.core.insight.MissingIndexReport;
import io.querylens.core.insight.MissingIndexSettings;
import io.querylens.core.insight.PlanRefresh;
import io.querylens.core.insight.PlannerProbeLedger;
import io.querylens.core.insight.RegressionRule;
import io.querylens.core.insight.SlowStatementRule;
import io.querylens.core.insight.TableBloat;
import io.querylens.core.insight.TableBloatMeter;
import io.querylens.core.insight.Thresholds;
import io.querylens.core.insight.WorkloadPlans;
import io.querylens.core.log.AgentLog;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerRegistry;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.stats.ObservedStatements;
import io.querylens.exporter.findings.FindingsExporter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The running agent's advisor: after each sample, every rule over the snapshot (with the latest
 * snapshots of the sampled standbys; a standby's own snapshot gets no write advice), and the
 * findings exported per server; the rules over the agent's own measurements once for all servers.
 * Every {@code planInterval} it also plans on the sampler's own session, between two samples: the
 * missing-index round over the costliest statements, those pg_stat_statements holds and those the
 * agent measured itself (read-only, time-limited EXPLAIN of a generic plan, never ANALYZE), and
 * pgstattuple's bloat measure. Their findings stand until the next round; the index scans the
 * round's planning added are kept in a ledger and taken out of every later snapshot, so the
 * advisor's own EXPLAINs never make an unused index look used. Between rounds, the slow plan
 * refresh ({@link PlanRefresh}) plans a few more of the shapes seen after each sample, so every
 * observed shape's plan (and the indexes it uses) is known and its plan changes found.
 */
final class SnapshotAdvisor implements Consumer<Snapshot> {

  /** The first round comes this soon after the first sample, not a whole interval later. */
  private static final Duration FIRST_ROUND_AFTER = Duration.ofMinutes(1);

  private static final MissingIndexReport NO_ROUND_YET =
      new MissingIndexReport(List.of(), 0, 0, List.of(), Map.of(), "absent");

  private final SamplerRegistry samplers;
  private final FindingsExporter findings;
  private final ObservedStatements statistics;
  private final SlowStatementRule slow;
  private final ApplicationStatementRules application;
  private final Duration planInterval;
  private final PlanRefreshSettings refresh;
  private final Thresholds thresholds;
  private final Clock clock;
  private final Advisor advisor = Advisor.standard();
  private final Advisor standbyAdvisor = Advisor.forStandby();
  private final SamplerLog onceLog = new OnceLog();
  private final Map<ServerKey, Planned> planned = new ConcurrentHashMap<>();

  /**
   * @param planInterval how often the planning round runs; {@link Duration#ZERO} never (and no plan
   *     refresh either)
   * @param refresh how many shapes the slow plan refresh plans after each sample, and how often
   *     each
   */
  SnapshotAdvisor(
      SamplerRegistry samplers,
      FindingsExporter findings,
      ObservedStatements statistics,
      SlowStatementRule slow,
      RegressionRule regressions,
      Duration planInterval,
      PlanRefreshSettings refresh,
      Thresholds thresholds,
      Clock clock) {
    this.samplers = samplers;
    this.findings = findings;
    this.statistics = statistics;
    this.slow = slow;
    this.application = new ApplicationStatementRules(samplers, statistics, slow, regressions);
    this.planInterval = planInterval;
    this.refresh = refresh;
    this.thresholds = thresholds;
    this.clock = clock;
  }

  @Override
  public void accept(Snapshot snapshot) {
    try {
      Planned state =
          planned.computeIfAbsent(snapshot.server().server(), s -> new Planned(clock.instant()));
      List<Finding> found = new ArrayList<>();
      if (snapshot.server().standby()) {
        // Read-only: no write advice from its own counters; its index usage reaches the
        // primary's advice as one of the input's standbys.
        found.addAll(standbyAdvisor.evaluate(AdvisorInput.of(snapshot, thresholds)));
      } else {
        planIfDue(snapshot, state);
        refreshPlans(snapshot, state);
        WorkloadPlans plans = state.plans(snapshot);
        AdvisorInput input =
            AdvisorInput.of(snapshot, thresholds)
                .withStandbys(standbysOf(snapshot))
                .watchingSince(state.since)
                // An index a seen statement's plan scans is never dropped, whatever its counter.
                .withIndexUsers(plans.indexesInUse().byIndex())
                .withScansAddedByAdvisor(
                    state.ledger.visibleIn(snapshot.sampledAt(), snapshot.database().statsReset()))
                .withMeasuredBloat(state.bloat)
                .withMeasuredIndexBloat(state.indexBloat);
        found.addAll(Advisor.withMissingIndexes(advisor.evaluate(input), state.round));
        found.addAll(plans.changes());
      }
      found.addAll(slow.evaluate(snapshot.statements(), snapshot.server().database()));
      findings.publish(snapshot.server().server(), found);
      List<Finding> applicationWide = application.evaluate(snapshot);
      if (applicationWide != null) {
        findings.publishApplicationWide(applicationWide);
      }
    } catch (RuntimeException e) {
      AgentLog.warnOnce(
          "advisor:" + e.getClass().getName(),
          "the advisor failed on a snapshot, findings are not updated: " + e);
    }
  }

  /**
   * The latest snapshots of the sampled standbys that serve the same database: an index they scan
   * serves reads there, so the primary's advice keeps it. (Which primary a standby follows is not
   * read; a standby of another cluster with the same names can only keep an index, never drop one.)
   */
  private List<Snapshot> standbysOf(Snapshot primary) {
    List<Snapshot> standbys = new ArrayList<>();
    for (Snapshot other : samplers.latestSnapshots()) {
      if (other.server().standby()
          && other.server().database().equals(primary.server().database())) {
        standbys.add(other);
      }
    }
    return standbys;
  }

  private void planIfDue(Snapshot snapshot, Planned state) {
    if (planInterval.isZero()) {
      return;
    }
    Instant now = snapshot.sampledAt();
    if (state.nextRoundAt == null) {
      state.nextRoundAt =
          now.plus(
              planInterval.compareTo(FIRST_ROUND_AFTER) < 0 ? planInterval : FIRST_ROUND_AFTER);
      return;
    }
    if (now.isBefore(state.nextRoundAt)) {
      return;
    }
    state.nextRoundAt = now.plus(planInterval);
    Sampler sampler = samplers.sampler(snapshot.server().server()).orElse(null);
    if (sampler == null) {
      return;
    }
    sampler
        .withSession(
            "advisor round",
            session -> {
              List<TableBloat> bloat =
                  TableBloatMeter.defaults().measure(session, snapshot, thresholds, onceLog);
              List<IndexBloat> indexBloat =
                  IndexBloatMeter.defaults().measure(session, snapshot, onceLog);
              MissingIndexReport round =
                  new MissingIndexAdvisor(MissingIndexSettings.defaults())
                      .evaluate(
                          session, snapshot, statistics.byTotalTime(), searchPathOf(snapshot));
              state.ledger.record(clock.instant(), round.scansAddedByAdvisor());
              return new Round(bloat, indexBloat, round);
            })
        .ifPresent(
            round -> {
              state.bloat = round.bloat();
              state.indexBloat = round.indexBloat();
              state.round = round.missingIndexes();
              Instant plannedAt = clock.instant();
              state.refresh(refresh).plannedByRound(round.missingIndexes().plans(), plannedAt);
              takePlans(snapshot, state, round.missingIndexes().plans(), plannedAt);
              tellOnce(snapshot, round.missingIndexes());
            });
  }

  /**
   * After every sample, a few of the shapes seen that have no plan yet or the oldest one: in time
   * every observed shape is planned, not only the round's costliest.
   */
  private void refreshPlans(Snapshot snapshot, Planned state) {
    if (planInterval.isZero() || refresh.shapesPerSample() == 0) {
      return;
    }
    Sampler sampler = samplers.sampler(snapshot.server().server()).orElse(null);
    if (sampler == null) {
      return;
    }
    PlanRefresh plans = state.refresh(refresh);
    sampler
        .withSession(
            "plan refresh",
            session -> {
              PlanRefresh.Refreshed refreshed =
                  plans.run(
                      session,
                      snapshot,
                      statistics.byTotalTime(),
                      searchPathOf(snapshot),
                      clock.instant());
              state.ledger.record(clock.instant(), refreshed.scansAddedByAdvisor());
              return refreshed;
            })
        .ifPresent(
            refreshed -> {
              if (!refreshed.plans().isEmpty()) {
                takePlans(snapshot, state, refreshed.plans(), clock.instant());
              }
            });
    findings.publishPlanCoverage(
        snapshot.server().server(), snapshot.server().database(), plans.coverage());
  }

  /** Where the application's unqualified names resolve on the snapshot's server; null: unknown. */
  private String searchPathOf(Snapshot snapshot) {
    return samplers.applicationSchemas().searchPath(snapshot.server().server());
  }

  /** Plans read for the first time or changed are exported; a change is also a finding. */
  private void takePlans(
      Snapshot snapshot,
      Planned state,
      List<io.querylens.core.insight.ShapePlan> read,
      Instant at) {
    WorkloadPlans plans = state.plans(snapshot);
    plans.update(read, at);
    findings.publishPlans(
        snapshot.server().server(), snapshot.server().database(), plans.newOrChanged());
  }

  private static void tellOnce(Snapshot snapshot, MissingIndexReport round) {
    String where = "QueryLens advisor for " + snapshot.server().database();
    AgentLog.debug(
        where
            + ": planned "
            + round.explained()
            + " statements, skipped "
            + round.skipped()
            + " "
            + round.skippedBecause());
    if ("absent".equals(round.hypopg()) || "available".equals(round.hypopg())) {
      AgentLog.warnOnce(
          "hypopg:" + snapshot.server().server(),
          where
              + ("available".equals(round.hypopg())
                  ? ": HypoPG is available but not installed"
                  : ": HypoPG is not installed on this server")
              + ", so missing-index candidates are reported unverified"
              + " (CREATE EXTENSION hypopg lets the advisor check them with hypothetical indexes)");
    }
  }

  private record Round(
      List<TableBloat> bloat, List<IndexBloat> indexBloat, MissingIndexReport missingIndexes) {}

  /** What the planning rounds left for one server; touched only by its sampler's thread. */
  private static final class Planned {
    final PlannerProbeLedger ledger = new PlannerProbeLedger();
    final Instant since;
    Instant nextRoundAt;
    List<TableBloat> bloat = List.of();
    List<IndexBloat> indexBloat = List.of();
    MissingIndexReport round = NO_ROUND_YET;
    WorkloadPlans plans;
    PlanRefresh refresh;

    /**
     * @param since when the agent first sampled the server: how long it has watched
     */
    Planned(Instant since) {
      this.since = since;
    }

    /** The slow refresh's schedule of this server's shapes. */
    PlanRefresh refresh(PlanRefreshSettings settings) {
      if (refresh == null) {
        refresh = new PlanRefresh(settings.shapesPerSample(), settings.refreshInterval());
      }
      return refresh;
    }

    /** The shapes' plans the rounds read, for plan changes and the indexes in use. */
    WorkloadPlans plans(Snapshot snapshot) {
      if (plans == null) {
        plans = new WorkloadPlans(snapshot.server().database());
      }
      return plans;
    }
  }

  /** Planning rounds repeat: a missing extension or a denied call is told once, not every round. */
  private static final class OnceLog implements SamplerLog {
    @Override
    public void warning(String message) {
      AgentLog.warnOnce(message, message);
    }

    private final java.util.Set<String> told = ConcurrentHashMap.newKeySet();

    @Override
    public void info(String message) {
      if (told.size() < 100 && told.add(message)) {
        AgentLog.info(message);
      }
    }

    @Override
    public void debug(String message) {
      AgentLog.debug(message);
    }
  }
}
