package io.querylens.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.querylens.junit.samples.BudgetsSample;
import io.querylens.junit.samples.EventsSample;
import io.querylens.junit.samples.OrdersSample;
import io.querylens.junit.support.LibraryModeDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension in library mode, run the way a user's build runs it: sample test classes executed
 * by the JUnit Platform (engine test kit) against a real PostgreSQL server, their statements
 * recorded by a real QueryLens runtime.
 */
class QueryLensExtensionTest {

  @TempDir static Path reports;

  @BeforeAll
  static void startPostgresAndTheRuntime() {
    LibraryModeDatabase.start();
  }

  @Test
  void anNPlusOneLoopFailsItsTestNamingTheShapeAndHowOftenItRan() {
    Map<String, String> outcomes = run(selectClass(OrdersSample.class));

    assertThat(outcomes.get("totalsEveryCustomersOrdersOneQueryPerCustomer()"))
        .contains("maxExecutionsPerShape = 10")
        .contains("\"SELECT orders\" ran 50 times in this test")
        .contains("SELECT total FROM orders WHERE customer_id = ?")
        .contains("N+1");
  }

  @Test
  void theSameTotalsFetchedWithAJoinPass() {
    Map<String, String> outcomes = run(selectClass(OrdersSample.class));

    assertThat(outcomes.get("totalsEveryCustomersOrdersWithAJoin()")).isEqualTo("passed");
  }

  @Test
  void aSequentialScanOfAHundredThousandRowsFailsNamingTheTableAndItsRows() {
    Map<String, String> outcomes = run(selectClass(EventsSample.class));

    assertThat(outcomes.get("findsEventsOfOneKind()"))
        .contains("maxSeqScanRows = 10000")
        .contains("reads all 100000 rows of public.events")
        .contains("Seq Scan on public.events (rows=100000)")
        .contains("SELECT id FROM events WHERE kind = ?");
    assertThat(outcomes.get("findsAnEventByItsKey()")).isEqualTo("passed");
  }

  @Test
  void anIndexTheAdvisorProposesForTheTestsStatementsFailsAZeroMissingIndexBudget() {
    Map<String, String> outcomes = run(selectClass(EventsSample.class));

    assertThat(outcomes.get("findsEventsOfOneKindWithNoIndexWanted()"))
        .contains("maxMissingIndexes = 0")
        .contains("the advisor proposes an index for \"SELECT events\"")
        .contains("Seq Scan on public.events")
        .contains("CREATE INDEX")
        .contains("(kind)");
    assertThat(outcomes.get("findsAnEventByItsKeyWithNoIndexWanted()")).isEqualTo("passed");
  }

  @Test
  void theSettingsBudgetsApplyWhereNoAnnotationSetsOne() {
    Map<String, String> outcomes =
        run(
            Map.of(Budgets.MAX_EXECUTIONS_PER_SHAPE, "2", Budgets.MAX_SEQ_SCAN_ROWS, "none"),
            selectClass(EventsSample.class));

    assertThat(outcomes.get("looksUpThreeEventsOneByOne()"))
        .contains("maxExecutionsPerShape = 2")
        .contains("\"SELECT events\" ran 3 times");
    assertThat(outcomes.get("findsEventsOfOneKind()")).isEqualTo("passed");
  }

  @Test
  void aMalformedSettingFailsTheTestNamingTheKeyAndWhatItAccepts() {
    Map<String, String> outcomes =
        run(
            Map.of(Budgets.MAX_STATEMENTS, "lots"),
            selectMethod(EventsSample.class, "findsAnEventByItsKey"));

    assertThat(outcomes.get("findsAnEventByItsKey()"))
        .startsWith("[querylens] invalid value 'lots' for " + Budgets.MAX_STATEMENTS)
        .contains("none");
  }

  @Test
  void theDefaultBudgetsLetAFewLookupsOfOneShapePass() {
    Map<String, String> outcomes =
        run(selectMethod(EventsSample.class, "looksUpThreeEventsOneByOne"));

    assertThat(outcomes.get("looksUpThreeEventsOneByOne()")).isEqualTo("passed");
  }

  @Test
  void aClassBudgetAppliesToItsTestsAndAMethodBudgetOverridesIt() {
    Map<String, String> outcomes = run(selectClass(BudgetsSample.class));

    assertThat(outcomes.get("runsFourStatementsUnderTheClassBudget()"))
        .contains("maxStatements = 3")
        .contains("the test ran 4 statements")
        .contains("4 x \"SELECT customers\"");
    assertThat(outcomes.get("runsFourStatementsUnderItsOwnBudget()")).isEqualTo("passed");
  }

  @Test
  void aStatementSlowerThanItsBudgetFailsItsTest() {
    Map<String, String> outcomes = run(selectClass(BudgetsSample.class));

    assertThat(outcomes.get("waitsInTheDatabase()"))
        .contains("maxStatementDuration = 100 ms")
        .contains("the slowest execution of \"SELECT pg_sleep(?)\" took")
        .contains("SELECT pg_sleep(?)");
    assertThat(outcomes.get("waitsLessThanItsBudget()")).isEqualTo("passed");
  }

  @Test
  void eachRunWritesAReportOfEveryTestsShapesAsTextAndJson() throws Exception {
    Path directory = reports.resolve("orders");
    run(
        Map.of(QueryLensExtension.REPORT_DIR, directory.toString()),
        selectClass(OrdersSample.class));

    String text = Files.readString(directory.resolve("querylens-junit.txt"));
    assertThat(text)
        .contains("OrdersSample.totalsEveryCustomersOrdersOneQueryPerCustomer() [over budget")
        .contains("51 statements")
        .contains("50 x SELECT orders")
        .contains("1 x SELECT customers orders");
    String json = Files.readString(directory.resolve("querylens-junit.json"));
    assertThat(json)
        .contains("\"test\":\"OrdersSample.totalsEveryCustomersOrdersWithAJoin()\"")
        .contains("\"outcome\":\"passed\"")
        .contains("\"executions\":50")
        .contains("\"mode\":\"library\"");
  }

  /** Each test's outcome by method: "passed", or the message it failed with. */
  private static Map<String, String> run(DiscoverySelector selector) {
    return run(Map.of(), selector);
  }

  private static Map<String, String> run(
      Map<String, String> parameters, DiscoverySelector selector) {
    Map<String, String> all = new LinkedHashMap<>(parameters);
    all.putIfAbsent(QueryLensExtension.REPORT_DIR, reports.resolve("default").toString());
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selector)
            .configurationParameters(all)
            .execute();
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (Event finished : results.testEvents().finished().list()) {
      TestExecutionResult result = finished.getRequiredPayload(TestExecutionResult.class);
      outcomes.put(
          finished.getTestDescriptor().getDisplayName(),
          result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
              ? "passed"
              : result.getThrowable().map(Throwable::getMessage).orElse("failed"));
    }
    return outcomes;
  }
}
