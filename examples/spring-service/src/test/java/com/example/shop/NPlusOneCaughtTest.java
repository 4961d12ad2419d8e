package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.querylens.junit.QueryLens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * What the build says when someone writes the loop: {@link OpenOrdersTest}'s budget on the
 * one-by-one version fails its test, naming the statement that ran once per order. (Run through
 * JUnit's test kit, so that this example's own build stays green while it shows the failure.)
 */
class NPlusOneCaughtTest {

  @BeforeAll
  static void startTheService() {
    TestShop.started();
  }

  @Test
  void theOneByOneVersionFailsWithTheStatementThatRanOncePerOrder() {
    TestExecutionResult result =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(OneByOne.class))
            .execute()
            .testEvents()
            .finished()
            .list()
            .get(0)
            .getPayload(TestExecutionResult.class)
            .orElseThrow();

    assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(result.getThrowable().orElseThrow().getMessage())
        .contains("maxExecutionsPerShape = 3")
        .contains("\"select customer\" ran 10 times")
        .contains("Likely an N+1 loop");
  }

  /** The N+1 version under the same budget. */
  @QueryLens(maxExecutionsPerShape = 3)
  static class OneByOne {
    @Test
    void theCustomersOfOpenOrders() {
      OrderService service = TestShop.started().getBean(OrderService.class);

      assertThat(service.customersWithOpenOrdersOneByOne()).hasSize(10);
    }
  }
}
