package io.querylens.core.insight;

import static io.querylens.core.insight.Snapshots.btree;
import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.pg.IndexStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The index findings as one plan: every drop it recommends is safe applied with all the others. */
class IndexActionPlanTest {

  private final IndexActionPlan plan = new IndexActionPlan();

  @Test
  void ofIdenticalIndexesOnlyTheUnscannedOneIsDroppedAndOnlyOnce() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_a", 40, "customer_id"))
            .index(btree("orders_b", 0, "customer_id"))
            .input();

    List<Finding> findings = plan.evaluate(input);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object().index()).isEqualTo("orders_b");
              assertThat(f.kind()).isEqualTo(DuplicateIndexRule.KIND);
              assertThat(f.evidence())
                  .containsEntry("covered_by", "orders_a")
                  .containsEntry("statements_using", "none seen")
                  .containsKey("stats_since");
              // Both reasons in the one finding: the twin and the missing scans.
              assertThat(f.note()).contains("Same definition as orders_a").contains("No scan");
              assertThat(f.action()).isEqualTo("DROP INDEX CONCURRENTLY public.orders_b;");
            });
  }

  @Test
  void theScannedTwinStaysWhicheverNameSortsFirst() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_a", 0, "customer_id"))
            .index(btree("orders_b", 40, "customer_id"))
            .input();

    assertThat(plan.evaluate(input))
        .filteredOn(f -> f.action() != null)
        .extracting(f -> f.object().index())
        .containsExactly("orders_a");
  }

  @Test
  void ofTwoUnscannedTwinsOneIsDroppedAndTheOtherKeptWithoutAction() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_a", 0, "customer_id"))
            .index(btree("orders_b", 0, "customer_id"))
            .input();

    List<Finding> findings = plan.evaluate(input);

    assertThat(findings)
        .extracting(f -> f.object().index())
        .containsExactly("orders_b", "orders_a");
    assertThat(findings.get(0).action()).isEqualTo("DROP INDEX CONCURRENTLY public.orders_b;");
    assertThat(findings.get(1).action()).isNull();
    assertThat(findings.get(1).evidence())
        .containsEntry("kept_because", "dropping orders_b relies on it");
  }

  @Test
  void unusedTwinsUnderAUsedCompositeBothGoRelyingOnTheComposite() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_customer_a", 0, "customer_id"))
            .index(btree("orders_customer_b", 0, "customer_id"))
            .index(btree("orders_customer_status", 40, "customer_id", "status"))
            .input();

    assertThat(plan.evaluate(input))
        .hasSize(2)
        .allSatisfy(f -> assertThat(f.action()).startsWith("DROP INDEX"))
        .allSatisfy(
            f -> assertThat(f.evidence()).containsEntry("covered_by", "orders_customer_status"));
  }

  @Test
  void aUsedPrefixOfAnUnusedCompositeStaysWhileTheCompositeGoes() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_customer", 40, "customer_id"))
            .index(btree("orders_customer_status", 0, "customer_id", "status"))
            .input();

    assertThat(plan.evaluate(input))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object().index()).isEqualTo("orders_customer_status");
              assertThat(f.kind()).isEqualTo(UnusedIndexRule.KIND);
              assertThat(f.action())
                  .isEqualTo("DROP INDEX CONCURRENTLY public.orders_customer_status;");
            });
  }

  @Test
  void anIndexThatAnObservedStatementsPlanUsesIsNeverDropped() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_status", 0, "status"))
            .input()
            .withIndexUsers(Map.of("public.orders_status", List.of("a1b2c3d4e5f60718")));

    assertThat(plan.evaluate(input)).isEmpty();
  }

  @Test
  void theLastIndexServingAForeignKeyIsKeptAndSaysWhy() {
    AdvisorInput input =
        Snapshots.shop().index(withForeignKey(btree("orders_customer", 0, "customer_id"))).input();

    assertThat(plan.evaluate(input))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.action()).isNull();
              assertThat(f.severity()).isEqualTo(Severity.INFO);
              assertThat(f.evidence())
                  .containsEntry("serves_foreign_keys", "orders_customer_id_fkey");
              assertThat(f.note()).contains("last index serving the lookups");
            });
  }

  @Test
  void anUnusedForeignKeyIndexMayGoWhenAnotherKeptIndexServesTheSameKey() {
    AdvisorInput input =
        Snapshots.shop()
            .index(withForeignKey(btree("orders_customer", 0, "customer_id")))
            .index(withForeignKey(btree("orders_customer_day", 30, "customer_id", "day")))
            .input();

    // Dropped as a prefix of the scanned composite, which then serves the foreign key.
    assertThat(plan.evaluate(input))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object().index()).isEqualTo("orders_customer");
              assertThat(f.action()).isNotNull();
            });
  }

  @Test
  void ofTwoUnusedIndexesServingOneForeignKeyOnlyOneIsDropped() {
    AdvisorInput input =
        Snapshots.shop()
            .index(withForeignKey(btree("orders_customer", 0, "customer_id")))
            .index(withForeignKey(btree("orders_customer_day", 0, "customer_id", "day")))
            .input();

    assertThat(plan.evaluate(input)).filteredOn(f -> f.action() != null).hasSize(1);
  }

  @Test
  void anUnusedIndexWhoseDefinitionTheSampleCouldNotReadCarriesNoSql() {
    AdvisorInput input =
        Snapshots.shop().index(withoutDefinition(btree("orders_status", 0, "status"))).input();

    assertThat(plan.evaluate(input))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.action()).isNull();
              assertThat(f.undo()).isNull();
              assertThat(f.note()).contains("definition could not be read");
              assertThat(f.evidence()).containsEntry("definition", "unknown in this sample");
            });
  }

  @Test
  void withoutDefinitionsNoIndexIsClaimedToDuplicateAnother() {
    // Under the lock fallback a partial or expression index looks like a plain prefix.
    AdvisorInput input =
        Snapshots.shop()
            .index(withoutDefinition(btree("orders_open_customer", 30, "customer_id")))
            .index(withoutDefinition(btree("orders_customer_status", 30, "customer_id", "status")))
            .input();

    assertThat(plan.evaluate(input)).isEmpty();
  }

  @Test
  void partialAndExpressionIndexesAreNeverPrefixDuplicates() {
    IndexStats partial =
        withShape(
            btree("orders_open_customer", 0, "customer_id"),
            "CREATE INDEX orders_open_customer ON public.orders USING btree (customer_id)"
                + " WHERE (status = 'open'::text)",
            "(status = 'open'::text)",
            null);
    IndexStats expression =
        withShape(
            btree("orders_customer_lower_note", 0, "customer_id"),
            "CREATE INDEX orders_customer_lower_note ON public.orders USING btree"
                + " (customer_id, lower(note))",
            null,
            "lower(note)");
    AdvisorInput input =
        Snapshots.shop()
            .index(partial)
            .index(expression)
            .index(btree("orders_customer_status", 30, "customer_id", "status"))
            .input();

    assertThat(plan.evaluate(input))
        .allSatisfy(f -> assertThat(f.kind()).isEqualTo(UnusedIndexRule.KIND))
        .allSatisfy(f -> assertThat(f.evidence()).doesNotContainKey("covered_by"));
  }

  @Test
  void reservedWordsAndUpperCaseNamesAreQuotedInActionAndUndo() {
    IndexStats index =
        new IndexStats(
            "Sales",
            "order",
            "Order_User",
            0,
            0,
            0,
            null,
            1_000_000,
            0,
            0,
            "CREATE INDEX \"Order_User\" ON \"Sales\".\"order\" USING btree (\"user\")",
            List.of("user"),
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

    assertThat(plan.evaluate(Snapshots.shop().index(index).input()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.action()).isEqualTo("DROP INDEX CONCURRENTLY \"Sales\".\"Order_User\";");
              assertThat(f.undo())
                  .isEqualTo(
                      "CREATE INDEX CONCURRENTLY \"Order_User\" ON \"Sales\".\"order\" USING btree"
                          + " (\"user\");");
            });
  }

  @Test
  void anIndexToBeDroppedGetsNoReindexBesides() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_status", 0, "status"))
            .index(btree("orders_customer", 40, "customer_id"))
            .input()
            .withMeasuredIndexBloat(
                List.of(
                    new IndexBloat("public", "orders_status", 80_000_000, 30.0),
                    new IndexBloat("public", "orders_customer", 80_000_000, 30.0)));

    List<Finding> findings = Advisor.standard().evaluate(input);

    assertThat(findings)
        .filteredOn(f -> "orders_status".equals(f.object().index()))
        .extracting(Finding::kind)
        .containsExactly(UnusedIndexRule.KIND);
    assertThat(findings)
        .filteredOn(f -> "orders_customer".equals(f.object().index()))
        .extracting(Finding::kind)
        .containsExactly(IndexBloatRule.KIND);
  }

  @Test
  void aDropNamesSinceWhenTheAgentWatched() {
    AdvisorInput input =
        Snapshots.shop()
            .index(btree("orders_status", 0, "status"))
            .input()
            .watchingSince(Instant.parse("2026-11-01T00:00:00Z"));

    assertThat(plan.evaluate(input))
        .singleElement()
        .satisfies(
            f -> assertThat(f.evidence()).containsEntry("watching_since", "2026-11-01T00:00:00Z"));
  }

  private static IndexStats withForeignKey(IndexStats index) {
    return copy(index, index.definition(), index.predicate(), index.expressions(), true);
  }

  private static IndexStats withoutDefinition(IndexStats index) {
    return copy(index, null, null, null, false);
  }

  private static IndexStats withShape(
      IndexStats index, String definition, String predicate, String expressions) {
    return copy(index, definition, predicate, expressions, false);
  }

  private static IndexStats copy(
      IndexStats index,
      String definition,
      String predicate,
      String expressions,
      boolean servesCustomerKey) {
    return new IndexStats(
        index.schema(),
        index.table(),
        index.name(),
        index.scans(),
        index.tuplesRead(),
        index.tuplesFetched(),
        index.lastScan(),
        index.sizeBytes(),
        index.blocksRead(),
        index.blocksHit(),
        definition,
        index.columns(),
        index.method(),
        predicate,
        expressions,
        index.valid(),
        index.ready(),
        index.primary(),
        index.unique(),
        index.exclusion(),
        index.backsConstraint(),
        index.replicaIdentity(),
        servesCustomerKey ? List.of("orders_customer_id_fkey") : List.of());
  }
}
