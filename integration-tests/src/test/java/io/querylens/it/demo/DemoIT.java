package io.querylens.it.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.insight.Finding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The README's main command, run as a test: every planted problem is found, nothing healthy is. */
class DemoIT {

  private static List<Finding> findings;
  private static String printed;

  @BeforeAll
  static void runTheDemo() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    findings = Demo.run(400, null, new PrintStream(buffer, true, StandardCharsets.UTF_8));
    printed = buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsTheStatementShapesTheAgentSaw() {
    assertThat(printed)
        .contains("SELECT orders")
        .contains("SELECT id, status, total FROM orders WHERE customer_id = ?")
        .contains("QueryLens report for 127.0.0.1:");
  }

  @Test
  void findsEveryPlantedProblem() {
    assertThat(findings)
        .anyMatch(f -> f.kind().equals("unused_index") && is(f, "customers_country_idx"))
        .anyMatch(f -> f.kind().equals("duplicate_index") && is(f, "order_items_order_idx"))
        .anyMatch(f -> f.kind().equals("table_bloat") && "carts".equals(f.object().table()))
        .anyMatch(
            f ->
                f.kind().equals("write_amplification") && "order_events".equals(f.object().table()))
        .anySatisfy(
            f -> {
              assertThat(f.kind()).isEqualTo("missing_index");
              assertThat(f.action()).contains("ON public.orders (customer_id");
            });
  }

  @Test
  void findsTheIndexWhoseKeyPrefixPlusTheFilteredColumnALookupNeeds() {
    assertThat(findings)
        .anySatisfy(
            f -> {
              assertThat(f.kind()).isEqualTo("missing_index");
              assertThat(f.action())
                  .contains("ON public.stock_movements (warehouse_id, product_id, batch_no)");
              assertThat(f.evidence())
                  .containsEntry("access_path", "residual_filter")
                  .containsEntry("index_used", "stock_movements_pkey");
            });
  }

  @Test
  void flagsNoHealthyIndexOrTable() {
    assertThat(findings)
        .noneMatch(f -> f.object().index() != null && f.object().index().endsWith("_pkey"))
        .noneMatch(
            f ->
                f.kind().equals("table_bloat")
                    && List.of("customers", "orders", "products").contains(f.object().table()));
  }

  private static boolean is(Finding finding, String index) {
    return index.equals(finding.object().index());
  }
}
