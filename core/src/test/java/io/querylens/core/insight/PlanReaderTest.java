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
    List<SeqScans.Found> scans = SeqScans.in(plan("sort-limit.json"));

    assertThat(scans)
        .singleElement()
        .satisfies(
            found -> {
              assertThat(found.scan().alias()).isEqualTo("o");
              assertThat(found.sortAbove().sortKeys()).containsExactly("o.created_at DESC");
            });
  }

  @Test
  void scansWithoutAFilterAndIndexScansAreNotCandidates() {
    assertThat(SeqScans.in(plan("join-or.json"))).isEmpty();
    assertThat(SeqScans.in(plan("index-scan.json"))).isEmpty();
    assertThat(plan("index-scan.json").uses("orders_pkey")).isTrue();
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
