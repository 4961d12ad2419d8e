package io.querylens.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BudgetCheckTest {

  private static final Budgets FIVE_PER_SHAPE =
      new Budgets(QueryLens.UNLIMITED, 5, QueryLens.UNLIMITED, QueryLens.UNLIMITED, null);

  private final TestStatements statements = new TestStatements(100);

  @Test
  void anInsertRunInALoopIsToldToBeBatched() {
    executions(6, "INSERT INTO audit (id, what) VALUES (?, ?)", "INSERT audit", "INSERT", 1_000);

    List<Exceeded> exceeded = BudgetCheck.check(FIVE_PER_SHAPE, statements, ShapePlans.NONE);

    assertThat(exceeded)
        .singleElement()
        .satisfies(
            one -> {
              assertThat(one.budget()).isEqualTo("maxExecutionsPerShape = 5");
              assertThat(one.what()).startsWith("\"INSERT audit\" ran 6 times in this test");
              assertThat(one.fix()).contains("addBatch/executeBatch");
            });
  }

  @Test
  void aShapeWithinItsBudgetAndExecutionsOutsideTheTestAreNotCounted() {
    executions(5, "SELECT * FROM orders WHERE id = ?", "SELECT orders", "SELECT", 1_000);
    statements.accept(
        execution("SELECT * FROM orders WHERE id = ?", "SELECT orders", "SELECT", 50, 1));
    statements.endAt(10_000);
    statements.accept(
        execution("SELECT * FROM orders WHERE id = ?", "SELECT orders", "SELECT", 20_000, 1));

    assertThat(BudgetCheck.check(FIVE_PER_SHAPE, statements, ShapePlans.NONE)).isEmpty();
    assertThat(statements.statements()).isEqualTo(5);
  }

  @Test
  void aSealedTestTakesNoLateExecution() {
    statements.seal();
    statements.accept(execution("SELECT 1", "SELECT", "SELECT", 200, 1));

    assertThat(statements.statements()).isZero();
  }

  @Test
  void theSlowestExecutionOfAShapeIsComparedWithTheDurationBudget() {
    statements.accept(execution("SELECT pg_sleep(?)", "SELECT", "SELECT", 200, 300_000_000));
    Budgets budgets =
        new Budgets(
            QueryLens.UNLIMITED,
            QueryLens.UNLIMITED,
            QueryLens.UNLIMITED,
            QueryLens.UNLIMITED,
            Duration.ofMillis(100));

    List<Exceeded> exceeded = BudgetCheck.check(budgets, statements, ShapePlans.NONE);

    assertThat(exceeded)
        .singleElement()
        .satisfies(
            one -> {
              assertThat(one.budget()).isEqualTo("maxStatementDuration = 100 ms");
              assertThat(one.what())
                  .isEqualTo(
                      "the slowest execution of \"SELECT pg_sleep(?)\" took 300 ms (1 execution)");
            });
  }

  @Test
  void aSummaryThatNamesNoTableGivesWayToTheStartOfTheText() {
    assertThat(ShapeTally.nameOf("SELECT orders", "SELECT", "SELECT * FROM orders"))
        .isEqualTo("SELECT orders");
    assertThat(ShapeTally.nameOf("SELECT", "SELECT", "SELECT\n  pg_sleep(?)"))
        .isEqualTo("SELECT pg_sleep(?)");
    assertThat(ShapeTally.nameOf("SELECT", "SELECT", "SELECT " + "x, ".repeat(40) + "y"))
        .hasSize(60)
        .endsWith("...");
  }

  private void executions(int count, String text, String summary, String operation, long nanos) {
    for (int i = 0; i < count; i++) {
      statements.accept(execution(text, summary, operation, 200 + i, nanos));
    }
  }

  private static Map<String, Object> execution(
      String text, String summary, String operation, long startNanos, long durationNanos) {
    Map<String, Object> execution = new HashMap<>();
    execution.put("fingerprint", Integer.toHexString(text.hashCode()));
    execution.put("sanitizedText", text);
    execution.put("summary", summary);
    execution.put("operation", operation);
    execution.put("tables", List.of());
    execution.put("systemName", "postgresql");
    execution.put("startNanos", startNanos);
    execution.put("durationNanos", durationNanos);
    return execution;
  }
}
