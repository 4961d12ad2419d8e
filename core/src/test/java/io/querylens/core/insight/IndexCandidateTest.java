package io.querylens.core.insight;

import static io.querylens.core.insight.PlanReaderTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndexCandidateTest {

  private static IndexCandidate candidate(String plan, Set<String> taken) {
    WastefulScans.Found found = WastefulScans.in(plan(plan)).get(0);
    return IndexCandidate.of(found.scan(), found.sortAbove(), taken);
  }

  @Test
  void anEqualityFilterBecomesANamedConcurrentIndexAndItsExactUndo() {
    IndexCandidate candidate = candidate("seq-scan-equality.json", Set.of());

    assertThat(candidate.createSql())
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON public.orders (customer_id);");
    assertThat(candidate.dropSql())
        .isEqualTo("DROP INDEX CONCURRENTLY public.orders_customer_id_idx;");
  }

  @Test
  void equalityColumnsComeFirstThenOneRangeColumn() {
    assertThat(candidate("seq-scan-and-range.json", Set.of()).columns())
        .containsExactly("customer_id", "status", "created_at");
  }

  @Test
  void theKeysOfASortRightAboveFollowTheEqualityColumns() {
    assertThat(candidate("sort-limit.json", Set.of()).columns())
        .containsExactly("customer_id", "created_at");
  }

  @Test
  void aNameInUseGetsANumberAsPostgresWouldGiveIt() {
    assertThat(candidate("seq-scan-equality.json", Set.of("orders_customer_id_idx")).name())
        .isEqualTo("orders_customer_id_idx1");
  }

  @Test
  void longNamesAreCutTo63BytesKeepingTheSuffix() {
    String name =
        IndexCandidate.name("a_very_long_table_name_" + "x".repeat(40), List.of("col"), Set.of());

    assertThat(name).hasSize(63).endsWith("_idx");
  }

  @Test
  void namesThatNeedQuotesAreQuoted() {
    PlanNode scan =
        new PlanNode(
            "Seq Scan",
            "Sales",
            "Orders",
            "o",
            "(o.\"Customer\" = $1)",
            List.of(),
            null,
            1,
            10,
            List.of());

    assertThat(IndexCandidate.of(scan, null, Set.of()).createSql())
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY \"Orders_Customer_idx\" ON \"Sales\".\"Orders\""
                + " (\"Customer\");");
  }

  @Test
  void aFilterWithNoReadableColumnIsNoCandidate() {
    PlanNode scan =
        new PlanNode(
            "Seq Scan",
            "public",
            "orders",
            "o",
            "(lower(o.email) = $1)",
            List.of(),
            null,
            1,
            10,
            List.of());

    assertThat(IndexCandidate.of(scan, null, Set.of())).isNull();
  }
}
