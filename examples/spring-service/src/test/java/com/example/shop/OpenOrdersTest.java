package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.junit.QueryLens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One annotation puts budgets on every test of a class: here at most 3 executions of any one
 * statement shape (an N+1 loop runs one shape once per row) and no sequential scan over 10,000 rows
 * in a statement's plan.
 */
@QueryLens(maxExecutionsPerShape = 3, maxSeqScanRows = 10_000)
class OpenOrdersTest {

  /** Outside any test: what runs here (the service starting, the data written) is no test's. */
  @BeforeAll
  static void startTheService() {
    TestShop.started();
  }

  @Test
  void theCustomersOfOpenOrdersComeInOneStatement() {
    OrderService service = TestShop.started().getBean(OrderService.class);

    assertThat(service.customersWithOpenOrders()).hasSize(10).contains("customer 2");
  }
}
