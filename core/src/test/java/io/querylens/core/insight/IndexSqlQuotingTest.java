package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every SQL the advisor writes names reserved words and mixed-case names as PostgreSQL reads them.
 */
class IndexSqlQuotingTest {

  private final IndexCandidate candidate =
      new IndexCandidate(
          "Sales", "order", List.of("user", "Day", "status"), "order_user_idx", null, null);

  @Test
  void aMissingIndexOnReservedAndMixedCaseNamesIsCreatedAndDroppedWithQuotes() {
    assertThat(candidate.createSql())
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY order_user_idx ON \"Sales\".\"order\""
                + " (\"user\", \"Day\", status);");
    assertThat(candidate.dropSql()).isEqualTo("DROP INDEX CONCURRENTLY \"Sales\".order_user_idx;");
  }

  @Test
  void theHypotheticalIndexHypoPgPlansIsQuotedTheSameWay() {
    assertThat(candidate.hypotheticalSql())
        .isEqualTo("CREATE INDEX ON \"Sales\".\"order\" (\"user\", \"Day\", status)");
  }

  @Test
  void maintenanceActionsQuoteTheirTable() {
    assertThat(IndexSql.qualified("public", "user")).isEqualTo("public.\"user\"");
    assertThat(IndexSql.qualified("public", "Order Items")).isEqualTo("public.\"Order Items\"");
  }
}
