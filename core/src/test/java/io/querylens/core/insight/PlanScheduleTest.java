package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanScheduleTest {

  private static final Instant START = Instant.parse("2026-12-03T06:00:00Z");
  private static final Duration EVERY = Duration.ofMinutes(30);

  private static PlannedStatement shape(String fingerprint, double totalMillis) {
    return new PlannedStatement(
        "fingerprint",
        fingerprint,
        "SELECT id FROM t WHERE k = $1",
        10,
        totalMillis,
        totalMillis / 10,
        -1);
  }

  private static List<String> ids(List<PlannedStatement> statements) {
    return statements.stream().map(PlannedStatement::id).toList();
  }

  private static void plan(PlanSchedule schedule, List<PlannedStatement> due, Instant at) {
    due.forEach(statement -> schedule.planned(statement.scheduleKey(), at));
  }

  @Test
  void eachRoundPlansAFewNeverPlannedShapesCostliestFirstUntilEveryShapeHasAPlan() {
    PlanSchedule schedule = new PlanSchedule(2, EVERY);
    List<PlannedStatement> seen =
        List.of(shape("cheap", 1), shape("costly", 300), shape("middle", 20), shape("mid2", 10));

    List<PlannedStatement> first = schedule.due(seen, START);
    plan(schedule, first, START);
    List<PlannedStatement> second = schedule.due(seen, START.plusSeconds(60));
    plan(schedule, second, START.plusSeconds(60));
    List<PlannedStatement> third = schedule.due(seen, START.plusSeconds(120));

    assertThat(ids(first)).containsExactly("costly", "middle");
    assertThat(ids(second)).containsExactly("mid2", "cheap");
    assertThat(third).as("every plan is younger than the refresh interval").isEmpty();
    assertThat(schedule.coverage()).isEqualTo(new PlanCoverage(4, 0, 0, 0));
  }

  @Test
  void aPlanIsRefreshedOnceItIsOlderThanTheIntervalTheOldestFirstAndNewShapesBeforeThem() {
    PlanSchedule schedule = new PlanSchedule(2, EVERY);
    List<PlannedStatement> seen = new ArrayList<>(List.of(shape("a", 50), shape("b", 40)));
    plan(schedule, List.of(seen.get(1)), START);
    plan(schedule, List.of(seen.get(0)), START.plusSeconds(60));
    seen.add(shape("new", 1));

    List<PlannedStatement> beforeTheInterval = schedule.due(seen, START.plus(EVERY));
    schedule.planned("fingerprint:new", START.plus(EVERY));
    List<PlannedStatement> afterIt = schedule.due(seen, START.plus(EVERY).plusSeconds(60));

    assertThat(ids(beforeTheInterval)).containsExactly("new", "b");
    assertThat(ids(afterIt))
        .as("b was due first and planned longest ago")
        .containsExactly("b", "a");
  }

  @Test
  void whatTheRoundsLimitLeavesForLaterIsCountedAsWaitingAndAFailureAsFailed() {
    PlanSchedule schedule = new PlanSchedule(1, EVERY);
    List<PlannedStatement> seen = List.of(shape("a", 3), shape("b", 2), shape("c", 1));

    List<PlannedStatement> first = schedule.due(seen, START);
    schedule.failed(first.get(0).scheduleKey(), START);

    assertThat(schedule.coverage()).isEqualTo(new PlanCoverage(0, 2, 1, 0));
    assertThat(ids(schedule.due(seen, START.plusSeconds(60))))
        .as("a failed shape is not retried before the interval")
        .containsExactly("b");
  }

  @Test
  void onlyTheCostliestMaxShapesAreScheduledTheRestCountedAsLeftOut() {
    PlanSchedule schedule = new PlanSchedule(5, EVERY);
    List<PlannedStatement> seen = new ArrayList<>();
    for (int i = 0; i < PlanSchedule.MAX_SHAPES + 7; i++) {
      seen.add(shape("f" + i, i));
    }

    List<PlannedStatement> due = schedule.due(seen, START);

    assertThat(ids(due)).containsExactly("f506", "f505", "f504", "f503", "f502");
    assertThat(schedule.coverage().leftOut()).isEqualTo(7);
    assertThat(schedule.coverage().waiting()).isEqualTo(PlanSchedule.MAX_SHAPES);
  }

  @Test
  void ourOwnStatementsAndTextsThatCannotBePlannedAreNeverScheduled() {
    PlanSchedule schedule = new PlanSchedule(5, EVERY);
    List<PlannedStatement> seen =
        List.of(
            new PlannedStatement("queryid", "1", "SELECT /* querylens */ 1", 1, 9, 9, -1),
            new PlannedStatement("queryid", "2", "INSERT INTO t VALUES ($1)", 1, 9, 9, -1),
            new PlannedStatement("queryid", "3", "SELECT 1; DROP TABLE t", 1, 9, 9, -1),
            shape("kept", 1));

    assertThat(ids(schedule.due(seen, START))).containsExactly("kept");
  }

  @Test
  void aShapeTheMissingIndexRoundPlannedIsNotDueAgainBeforeTheInterval() {
    PlanSchedule schedule = new PlanSchedule(5, EVERY);
    PlannedStatement statement =
        new PlannedStatement(
            "queryid", "-42", "SELECT status FROM orders WHERE id = $1", 10, 100, 10, 3.5);
    ShapePlan fromRound = ShapePlan.of(statement, "[]", PlanReaderTest.plan("index-scan.json"));
    schedule.planned(PlanSchedule.keyOf(fromRound), START);

    assertThat(schedule.due(List.of(statement), START.plusSeconds(60))).isEmpty();
  }
}
