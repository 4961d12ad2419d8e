package io.querylens.core.insight;

import static io.querylens.core.insight.Snapshots.btree;
import static io.querylens.core.insight.Snapshots.index;
import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.TableStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthScoresTest {

  @Test
  void aWellUsedIndexOnAHealthyTableScoresFullMarks() {
    HealthScores scores =
        score(
            Snapshots.shop()
                .table(orders(1_000, 0, 0, 0))
                .index(btree("orders_customer", 50_000, "customer_id")));

    assertThat(scores.indexes())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.score()).isEqualTo(100);
              assertThat(h.grade()).isEqualTo("A");
              assertThat(h.deductions()).isEmpty();
            });
    assertThat(scores.tables()).singleElement().extracting(Health::score).isEqualTo(100);
  }

  @Test
  void anUnusedIndexOnAWrittenTableLosesUsageAndWriteCostPoints() {
    // 100,000 index entries written, no scan: 12.5 * log10(100,001) is over the cap of 25.
    HealthScores scores =
        score(
            Snapshots.shop()
                .table(orders(100_000, 0, 0, 0))
                .index(btree("orders_status", 0, "status")));

    Health index = scores.indexes().get(0);
    assertThat(index.deductions()).containsEntry("usage", 40).containsEntry("write_cost", 25);
    assertThat(index.score()).isEqualTo(35);
    assertThat(index.grade()).isEqualTo("F");
  }

  @Test
  void writeCostGrowsByTwelveAndAHalfPointsPerTenfoldMoreWritesThanScans() {
    HealthScores scores =
        score(Snapshots.shop().table(orders(10_000, 0, 0, 0)).index(btree("orders_a", 999, "a")));

    assertThat(scores.indexes().get(0).deductions()).containsEntry("write_cost", 13);
    assertThat(scores.indexes().get(0).grade()).isEqualTo("B");
  }

  @Test
  void anIndexThatBacksAConstraintPaysNoWriteCost() {
    HealthScores scores =
        score(
            Snapshots.shop()
                .table(orders(100_000, 0, 0, 0))
                .index(index("orders_pkey", 0, null, true, true, true, "id")));

    assertThat(scores.indexes().get(0).score()).isEqualTo(100);
  }

  @Test
  void aDuplicateLosesThirtyAndAnInvalidIndexScoresZero() {
    HealthScores scores =
        score(
            Snapshots.shop()
                .table(orders(0, 0, 0, 0))
                .index(btree("orders_a", 100, "a"))
                .index(btree("orders_a_b", 100, "a", "b"))
                .index(index("orders_broken", 0, null, false, false, false, "c")));

    assertThat(scores.indexes())
        .extracting(h -> h.object().index(), Health::score)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("orders_broken", 0),
            org.assertj.core.groups.Tuple.tuple("orders_a", 70),
            org.assertj.core.groups.Tuple.tuple("orders_a_b", 100));
  }

  @Test
  void anIndexTwiceTheSizeOfItsTableLosesTheFifteenSizePoints() {
    // Snapshots' tables have 8 MB of heap; this index is 16 MB.
    HealthScores scores =
        score(
            Snapshots.shop()
                .table(orders(0, 0, 0, 0))
                .index(sized(btree("orders_wide", 100, "a"), 16_000_000)));

    assertThat(scores.indexes().get(0).deductions()).containsEntry("size", 15);
  }

  @Test
  void bloatCountsFromTenToFiftyPercentMeasuredOrEstimated() {
    Snapshots shop =
        Snapshots.shop().table(orders(0, 0, 70_000, 30_000)).index(btree("orders_a", 100, "a"));

    HealthScores estimated = score(shop);
    assertThat(estimated.tables().get(0).deductions()).containsEntry("bloat", 20);
    assertThat(estimated.indexes().get(0).deductions()).containsEntry("bloat", 10);

    AdvisorInput measured =
        shop.input()
            .withMeasuredBloat(List.of(new TableBloat("public", "orders", 8_000_000, 5, 55)));
    HealthScores withPgStatTuple = HealthScores.of(measured, Advisor.standard().evaluate(measured));
    assertThat(withPgStatTuple.tables().get(0).deductions()).containsEntry("bloat", 40);
  }

  @Test
  void aTableLosesPointsForItsPoorIndexesWeightedBySizeAndForScansWithoutAnIndex() {
    TableStats orders = orders(0, 0, 0, 0);
    AdvisorInput input =
        Snapshots.shop()
            .table(orders)
            .index(sized(btree("orders_unused", 0, "a"), 3_000_000))
            .index(sized(btree("orders_used", 100, "b"), 1_000_000))
            .input();
    List<Finding> findings = new ArrayList<>(Advisor.standard().evaluate(input));
    findings.add(
        new Finding(
            TableScanRule.KIND,
            Severity.INFO,
            Risk.NONE,
            FindingObject.table("shop", "public", "orders"),
            java.util.Map.of(),
            null,
            null,
            null));

    Health table = HealthScores.of(input, findings).tables().get(0);

    // orders_unused lost 40 points and is 3/4 of the index bytes: 0.4 * 30 = 12.
    assertThat(table.deductions())
        .containsEntry("indexes", 12)
        .containsEntry("scans_without_index", 20);
    assertThat(table.score()).isEqualTo(68);
    assertThat(table.grade()).isEqualTo("D");
  }

  private static HealthScores score(Snapshots shop) {
    AdvisorInput input = shop.input();
    return HealthScores.of(input, Advisor.standard().evaluate(input));
  }

  private static TableStats orders(long inserts, long updates, long live, long dead) {
    return new TableStats(
        "public", "orders", 0, 0, 0, 0, inserts, updates, 0, 0, live, dead, null, null, null, null,
        0, 0, 0, 0, 8_000_000, 0, 1_000_000, 0, 1_000, 0, 0, 0, 0, 0, 0, 0);
  }

  private static IndexStats sized(IndexStats index, long bytes) {
    return new IndexStats(
        index.schema(),
        index.table(),
        index.name(),
        index.scans(),
        index.tuplesRead(),
        index.tuplesFetched(),
        index.lastScan(),
        bytes,
        index.blocksRead(),
        index.blocksHit(),
        index.definition(),
        index.columns(),
        index.method(),
        index.predicate(),
        index.expressions(),
        index.valid(),
        index.ready(),
        index.primary(),
        index.unique(),
        index.exclusion(),
        index.backsConstraint(),
        index.replicaIdentity());
  }
}
