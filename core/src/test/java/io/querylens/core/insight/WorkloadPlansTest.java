package io.querylens.core.insight;

import static io.querylens.core.insight.PlanReaderTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadPlansTest {

  private static final Instant ROUND = Instant.parse("2026-12-03T06:00:00Z");

  private static PlannedStatement statement(String fingerprint) {
    return new PlannedStatement("fingerprint", fingerprint, "SELECT ...", 10, 100, 10, -1);
  }

  private static ShapePlan shapePlan(String fingerprint, String planFile) {
    return ShapePlan.of(statement(fingerprint), json(planFile), plan(planFile));
  }

  private static String json(String name) {
    try (InputStream in =
        WorkloadPlansTest.class.getResourceAsStream("/io/querylens/core/insight/plans/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aShapesPlanNamesTheIndexesItScansWithTheirSchemaEvenUnderABitmapHeapScan() {
    ShapePlan plan = shapePlan("f1", "bitmap-residual-filter.json");

    assertThat(plan.indexesUsed()).containsExactly("public.readings_pkey");
    assertThat(plan.uses("public", "readings_pkey")).isTrue();
    assertThat(plan.scans())
        .containsExactly(
            "Bitmap Heap Scan on public.readings", "Bitmap Index Scan using readings_pkey");
    assertThat(plan.planHash()).hasSize(16);
    assertThat(plan.planJson()).contains("\"Bitmap Heap Scan\"");
  }

  @Test
  void aPgStatStatementsShapeIsNamedByTheFingerprintOfItsTextAndKeepsItsQueryid() {
    PlannedStatement statement =
        new PlannedStatement(
            "queryid", "-42", "SELECT status FROM orders WHERE id = $1", 10, 100, 10, 3.5);

    ShapePlan plan = ShapePlan.of(statement, "[]", plan("index-scan.json"));

    assertThat(plan.queryId()).isEqualTo(-42L);
    // As slow_statement names a pg_stat_statements entry: the fingerprint of its own text.
    assertThat(plan.fingerprint())
        .isEqualTo(
            io.querylens.core.sql.SqlFingerprinter.shape(statement.query()).fingerprint().toHex());
  }

  @Test
  void thePlanHashFollowsTheStructureNotTheEstimates() {
    PlanNode scan = plan("index-scan.json");
    PlanNode grown =
        new PlanNode(
            scan.nodeType(),
            scan.schema(),
            scan.relation(),
            scan.alias(),
            scan.filter(),
            scan.sortKeys(),
            scan.indexName(),
            scan.indexCondition(),
            scan.planRows() * 100,
            scan.totalCost() * 100,
            scan.children());

    assertThat(ShapePlan.of(statement("f"), "[]", grown).planHash())
        .isEqualTo(ShapePlan.of(statement("f"), "[]", scan).planHash());
    assertThat(ShapePlan.of(statement("f"), "[]", plan("seq-scan-equality.json")).planHash())
        .isNotEqualTo(ShapePlan.of(statement("f"), "[]", scan).planHash());
  }

  @Test
  void aPlanTooLargeToKeepWholeKeepsItsIndexesAndHashButNoText() {
    ShapePlan plan =
        ShapePlan.of(
            statement("f"), "x".repeat(ShapePlan.MAX_PLAN_CHARS + 1), plan("index-scan.json"));

    assertThat(plan.planJson()).isNull();
    assertThat(plan.indexesUsed()).containsExactly("public.orders_pkey");
  }

  @Test
  void aShapeWhosePlanFlipsBetweenRoundsGetsOnePlanChangeFindingWithBothPlans() {
    WorkloadPlans plans = new WorkloadPlans("shop");
    plans.update(
        List.of(shapePlan("f1", "index-scan.json"), shapePlan("f2", "join-or.json")), ROUND);

    List<Finding> changes =
        plans.update(
            List.of(shapePlan("f1", "seq-scan-equality.json"), shapePlan("f2", "join-or.json")),
            ROUND.plusSeconds(3600));

    assertThat(changes)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.kind()).isEqualTo("plan_change");
              assertThat(f.object().fingerprint()).isEqualTo("f1");
              assertThat(f.action()).isNull();
              assertThat(f.evidence())
                  .containsEntry("indexes_before", "public.orders_pkey")
                  .containsEntry("indexes_after", "")
                  .containsEntry("scans_after", "Seq Scan on public.orders");
              assertThat(f.note()).contains("plan flipped");
            });
    assertThat(plans.changes()).isEqualTo(changes);
    assertThat(plans.newOrChanged()).extracting(ShapePlan::fingerprint).containsExactly("f1");
  }

  @Test
  void theFirstPlanOfAShapeIsNoChangeAndAnUnchangedPlanClearsTheLastRoundsChanges() {
    WorkloadPlans plans = new WorkloadPlans("shop");

    assertThat(plans.update(List.of(shapePlan("f1", "index-scan.json")), ROUND)).isEmpty();
    plans.update(List.of(shapePlan("f1", "seq-scan-equality.json")), ROUND);
    plans.update(List.of(shapePlan("f1", "seq-scan-equality.json")), ROUND);

    assertThat(plans.changes()).isEmpty();
    assertThat(plans.newOrChanged()).isEmpty();
  }

  @Test
  void aShapesChangeStandsWhileOtherShapesArePlannedAndEndsWhenItIsPlannedUnchanged() {
    WorkloadPlans plans = new WorkloadPlans("shop");
    plans.update(List.of(shapePlan("f1", "index-scan.json")), ROUND);
    plans.update(List.of(shapePlan("f1", "seq-scan-equality.json")), ROUND.plusSeconds(60));

    plans.update(List.of(shapePlan("f2", "join-or.json")), ROUND.plusSeconds(120));
    List<Finding> whileOthersArePlanned = plans.changes();
    plans.update(List.of(shapePlan("f1", "seq-scan-equality.json")), ROUND.plusSeconds(180));

    assertThat(whileOthersArePlanned)
        .singleElement()
        .satisfies(f -> assertThat(f.object().fingerprint()).isEqualTo("f1"));
    assertThat(plans.changes()).isEmpty();
  }

  @Test
  void atMostMaxShapesAreRememberedTheLeastRecentlyPlannedDroppedAndCounted() {
    WorkloadPlans plans = new WorkloadPlans("shop");
    for (int i = 0; i < WorkloadPlans.MAX_SHAPES + 3; i++) {
      plans.update(List.of(shapePlan("f" + i, "index-scan.json")), ROUND);
    }

    assertThat(plans.plans()).hasSize(WorkloadPlans.MAX_SHAPES);
    assertThat(plans.dropped()).isEqualTo(3);
    assertThat(plans.plans().get(0).fingerprint()).isEqualTo("f3");
  }

  @Test
  void theIndexesInUseNameTheShapesThatWouldLoseThem() {
    WorkloadPlans plans = new WorkloadPlans("shop");
    plans.update(
        List.of(
            shapePlan("f1", "index-scan.json"),
            shapePlan("f2", "index-scan.json"),
            shapePlan("f3", "bitmap-residual-filter.json"),
            shapePlan("f4", "seq-scan-equality.json")),
        ROUND);

    IndexesInUse inUse = plans.indexesInUse();

    assertThat(inUse.shapesUsing("public", "orders_pkey")).containsExactlyInAnyOrder("f1", "f2");
    assertThat(inUse.isUsed("public", "readings_pkey")).isTrue();
    assertThat(inUse.isUsed("public", "orders_customer_id_idx")).isFalse();
    assertThat(inUse.shapesUsing("public", "orders_customer_id_idx")).isEmpty();
  }
}
