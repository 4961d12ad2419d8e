package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plans are real {@code EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE} output of PostgreSQL 17. */
class PlanReaderTest {

  static PlanNode plan(String name) {
    try (InputStream in =
        PlanReaderTest.class.getResourceAsStream("/io/querylens/core/insight/plans/" + name)) {
      return PlanReader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aFilteredSequentialScanIsReadWithItsRelationFilterRowsAndCost() {
    PlanNode root = plan("seq-scan-equality.json");

    assertThat(root.nodeType()).isEqualTo("Seq Scan");
    assertThat(root.schema()).isEqualTo("public");
    assertThat(root.relation()).isEqualTo("orders");
    assertThat(root.alias()).isEqualTo("orders");
    assertThat(root.filter()).isEqualTo("(orders.customer_id = $1)");
    assertThat(root.planRows()).isEqualTo(10);
    assertThat(root.totalCost()).isEqualTo(993.0);
  }

  @Test
  void theSortAboveAScanComesWithItsKeys() {
    List<WastefulScans.Found> scans = WastefulScans.in(plan("sort-limit.json"));

    assertThat(scans)
        .singleElement()
        .satisfies(
            found -> {
              assertThat(found.scan().alias()).isEqualTo("o");
              assertThat(found.sortAbove().sortKeys()).containsExactly("o.created_at DESC");
            });
  }

  @Test
  void sequentialScansWithoutAFilterAreNotCandidates() {
    assertThat(WastefulScans.in(plan("join-or.json"))).isEmpty();
  }

  @Test
  void anIndexScanIsReadWithTheIndexItUsesAndItsCondition() {
    PlanNode root = plan("index-scan.json");

    assertThat(root.uses("orders_pkey")).isTrue();
    assertThat(root.indexCondition()).isEqualTo("(orders.id = $1)");
    assertThat(WastefulScans.in(root))
        .singleElement()
        .satisfies(found -> assertThat(found.index()).isSameAs(root));
  }

  @Test
  void aBitmapHeapScanComesWithItsBitmapIndexScanAndTheRowsItFetches() {
    assertThat(WastefulScans.in(plan("bitmap-residual-filter.json")))
        .singleElement()
        .satisfies(
            found -> {
              assertThat(found.scan().nodeType()).isEqualTo("Bitmap Heap Scan");
              assertThat(found.scan().filter()).isEqualTo("(readings.status = $3)");
              assertThat(found.index().indexName()).isEqualTo("readings_pkey");
              assertThat(found.rowsFetchedInPlan()).isEqualTo(3000);
            });
  }

  @Test
  void textThatIsNotAnExplainDocumentIsOneClearError() {
    assertThatThrownBy(() -> PlanReader.read("[{\"Plan\": {\"Node Type\": "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offset");
    assertThatThrownBy(() -> PlanReader.read("{\"rows\": 1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("EXPLAIN");
  }
}
