package io.querylens.core.insight;

import static io.querylens.core.insight.Snapshots.btree;
import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.StatementStats;
import io.querylens.core.pg.TableStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MissingIndexRulesTest {

  private static TableStats scanned(String name, long seqScans, long seqRead, long idxScans) {
    return new TableStats(
        "public", name, seqScans, seqRead, idxScans, 0, 0, 0, 0, 0, 50_000, 0, null, null, null,
        null, 0, 0, 0, 0, 8_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void aLargeTableReadWholeByManySequentialScansIsATableLevelHint() {
    AdvisorInput input =
        Snapshots.shop()
            .table(scanned("orders", 2_000, 2_000 * 50_000L, 10))
            .table(scanned("peeked", 2_000, 2_000 * 10L, 10))
            .table(scanned("indexed", 2_000, 2_000 * 50_000L, 100_000))
            .table(scanned("rare", 10, 10 * 50_000L, 0))
            .input();

    assertThat(new TableScanRule().evaluate(input))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("missing_index_table_level");
              assertThat(f.severity()).isEqualTo(Severity.INFO);
              assertThat(f.object().table()).isEqualTo("orders");
              assertThat(f.action()).isNull();
              assertThat(f.evidence()).containsEntry("seq_scans", 2_000L);
            });
  }

  @Test
  void aTableTheExplainRoundFoundAnIndexForDropsItsTableLevelHint() {
    AdvisorInput input =
        Snapshots.shop().table(scanned("orders", 2_000, 2_000 * 50_000L, 10)).input();
    Finding missing =
        new Finding(
            MissingIndexAdvisor.KIND,
            Severity.WARNING,
            Risk.MEDIUM,
            FindingObject.index("shop", "public", "orders", "orders_customer_id_idx"),
            Map.of(),
            "CREATE ...",
            "DROP ...",
            "");
    MissingIndexReport report =
        new MissingIndexReport(List.of(missing), 1, 0, List.of(), Map.of(), "absent");

    List<Finding> merged = Advisor.withMissingIndexes(Advisor.standard().evaluate(input), report);

    assertThat(merged).extracting(Finding::kind).containsExactly(MissingIndexAdvisor.KIND);
  }

  @Test
  void scansTheAdvisorCausedDoNotMakeAnIndexUsed() {
    IndexStats probed = btree("orders_created_idx", 3, "created_at");
    AdvisorInput input = Snapshots.shop().index(probed).input();

    assertThat(new IndexActionPlan().evaluate(input)).isEmpty();
    assertThat(
            new IndexActionPlan()
                .evaluate(input.withScansAddedByAdvisor(Map.of("public.orders_created_idx", 3L))))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.evidence()).containsEntry("scans_by_advisor", 3L);
              assertThat(f.note()).contains("advisor's own EXPLAINs scanned it 3 times");
            });
  }

  @Test
  void scansBeyondTheAdvisorsStillCount() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_created_idx", 5, "created_at"))
            .input()
            .withScansAddedByAdvisor(Map.of("public.orders_created_idx", 3L));

    assertThat(new IndexActionPlan().evaluate(input)).isEmpty();
  }

  @Test
  void anUnusedIndexWhoseScansReadAlmostNothingSaysTheyLookLikePlannerProbes() {
    IndexStats probedLongAgo =
        new IndexStats(
            "public",
            "orders",
            "orders_created_idx",
            4,
            4,
            0,
            Snapshots.NOW.minus(Duration.ofDays(30)),
            1_000_000,
            0,
            0,
            "CREATE INDEX orders_created_idx ON public.orders USING btree (created_at)",
            List.of("created_at"),
            "btree",
            null,
            null,
            true,
            true,
            false,
            false,
            false,
            false,
            false);

    assertThat(new IndexActionPlan().evaluate(Snapshots.shop().index(probedLongAgo).input()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.evidence()).containsEntry("scans_look_like_planner_probes", true);
              assertThat(f.note()).contains("look like the planner reading");
            });
  }

  @Test
  void theLedgerCountsARoundOnceItsStatisticsHadTimeToArriveAndForgetsItAtAReset() {
    PlannerProbeLedger ledger = new PlannerProbeLedger();
    Instant round = Instant.parse("2026-11-22T12:00:00Z");
    ledger.record(round, Map.of("public.a", 2L));
    ledger.record(round.plusSeconds(60), Map.of("public.a", 1L, "public.b", 1L));

    assertThat(ledger.visibleIn(round.plusMillis(500), null)).isEmpty();
    assertThat(ledger.visibleIn(round.plusSeconds(30), null)).containsEntry("public.a", 2L);
    assertThat(ledger.visibleIn(round.plusSeconds(90), null))
        .containsEntry("public.a", 3L)
        .containsEntry("public.b", 1L);
    assertThat(ledger.visibleIn(round.plusSeconds(90), round.plusSeconds(30)))
        .containsEntry("public.a", 1L);
  }

  @Test
  void theLedgerStaysBoundedMergingItsOldestRoundsWithoutLosingAScan() {
    PlannerProbeLedger ledger = new PlannerProbeLedger();
    Instant round = Instant.parse("2026-11-22T12:00:00Z");
    for (int i = 0; i < PlannerProbeLedger.MAX_ROUNDS * 3; i++) {
      ledger.record(round.plusSeconds(i), Map.of("public.a", 1L));
    }

    assertThat(ledger.size()).isEqualTo(PlannerProbeLedger.MAX_ROUNDS);
    assertThat(ledger.visibleIn(round.plusSeconds(100_000), null))
        .containsEntry("public.a", (long) PlannerProbeLedger.MAX_ROUNDS * 3);
  }

  @Test
  void onlyReadsAndWritesWithAWhereOfTheApplicationAreExplainedCostliestFirst() {
    List<StatementStats> statements =
        List.of(
            statement(1, "SELECT * FROM orders WHERE id = $1", 10),
            statement(2, "SELECT /* querylens */ count(*) FROM pg_class", 1_000),
            statement(3, "INSERT INTO orders VALUES ($1)", 900),
            statement(4, "  with x AS (SELECT 1) SELECT * FROM x", 50),
            statement(5, "UPDATE orders SET status = $1 WHERE id = $2", 20),
            statement(6, "<insufficient privilege>", 800),
            statement(7, "DELETE FROM orders WHERE id = $1", 5),
            statement(8, "SELECT 1; SELECT pg_terminate_backend($1)", 5_000));

    assertThat(
            MissingIndexAdvisor.costliest(
                statements.stream().map(PlannedStatement::of).toList(), 3))
        .extracting(PlannedStatement::id)
        .containsExactly("4", "5", "1");
  }

  @Test
  void theAgentsOwnStatementsArePlannedWithTheirPlaceholdersNumbered() {
    assertThat(
            PlannedStatement.numberedParameters(
                "SELECT \"why?\" FROM orders WHERE customer_id = ? AND status IN (?) LIMIT ?"))
        .isEqualTo(
            "SELECT \"why?\" FROM orders WHERE customer_id = $1 AND status IN ($2) LIMIT $3");
  }

  @Test
  void thePreparedStatementTakesAsManyParametersAsTheHighestPlaceholder() {
    assertThat(GenericPlan.parameters("SELECT $2, '$9', \"$8\" FROM t WHERE a = $1 OR b = $12"))
        .isEqualTo(12);
    assertThat(GenericPlan.parameters("SELECT 1")).isZero();
  }

  private static StatementStats statement(long id, String query, double totalMillis) {
    return new StatementStats(id, query, 10, totalMillis, totalMillis / 10, 10, 0, 0);
  }
}
