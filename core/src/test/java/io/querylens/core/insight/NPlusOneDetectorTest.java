package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NPlusOneDetectorTest {

  private static final long QUIET = 1_000;

  private final List<Finding> told = new ArrayList<>();
  private final NPlusOneDetector detector = new NPlusOneDetector(10, 3, 8, QUIET, told::add);

  @Test
  void aShapeRunOncePerRowOfAnEarlierQueryIsOneFindingNamingCountAndDrivingStatement() {
    detector.executed("t1", "p1", "shop", "aaaa", "SELECT customers", 1, 10);
    detector.executed("t1", "p1", "shop", "bbbb", "SELECT orders", 25, 20);
    for (int i = 0; i < 25; i++) {
      detector.executed("t1", "p1", "shop", "cccc", "SELECT order_lines", 3, 30 + i);
    }

    detector.tick(54 + QUIET);

    assertThat(told)
        .singleElement()
        .satisfies(
            finding -> {
              assertThat(finding.kind()).isEqualTo("n_plus_one");
              assertThat(finding.object().qualifiedName()).contains("cccc");
              assertThat(finding.evidence())
                  .containsEntry("executions", 25L)
                  .containsEntry("statement", "SELECT order_lines")
                  .containsEntry("trace_id", "t1")
                  .containsEntry("parent_span_id", "p1")
                  .containsEntry("driving_statement", "SELECT orders")
                  .containsEntry("driving_fingerprint", "bbbb")
                  .containsEntry("driving_rows", 25L);
            });
  }

  @Test
  void aLoopInOneTransactionOutsideAnyTraceIsAFindingKeyedByTheTransaction() {
    detector.executedInTransaction(7, 1, "shop", "bbbb", "SELECT orders", 12, 20, 20);
    for (int i = 0; i < 12; i++) {
      detector.executedInTransaction(7, 1, "shop", "cccc", "SELECT order_lines", 3, 30 + i, 30 + i);
    }
    for (int i = 0; i < 12; i++) { // the next transaction's loop is its own
      detector.executedInTransaction(7, 2, "shop", "cccc", "SELECT order_lines", 3, 50 + i, 50 + i);
    }

    detector.closeAll();

    assertThat(told).hasSize(2);
    assertThat(told.get(0).evidence())
        .containsEntry("keyed_by", "transaction")
        .containsEntry("executions", 12L)
        .containsEntry("driving_statement", "SELECT orders")
        .doesNotContainKeys("trace_id", "parent_span_id", "parent_span_name");
    assertThat(told.get(0).note()).contains("12 times in one transaction");
  }

  @Test
  void theParentSpansNameIsAskedOnlyWhenTheFindingIsToldAndAFailureGivesNoName() {
    List<Object> asked = new ArrayList<>();
    NPlusOneDetector named =
        new NPlusOneDetector(
            10,
            3,
            8,
            QUIET,
            told::add,
            span -> {
              asked.add(span);
              if (span.equals("broken span")) {
                throw new IllegalStateException("unreadable");
              }
              return "GET /orders";
            });
    for (int i = 0; i < 11; i++) {
      named.executedInTrace("t1", "p1", "request span", "shop", "cccc", "SELECT lines", 1, i, i);
      named.executedInTrace("t2", "p2", "broken span", "shop", "cccc", "SELECT lines", 1, i, i);
    }
    assertThat(asked).isEmpty();

    named.closeAll();

    assertThat(told).hasSize(2);
    assertThat(told.get(0).evidence())
        .containsEntry("keyed_by", "trace")
        .containsEntry("parent_span_name", "GET /orders");
    assertThat(told.get(1).evidence())
        .containsEntry("parent_span_id", "p2")
        .doesNotContainKey("parent_span_name");
  }

  @Test
  void aQueryWhoseOpenResultSetTheLoopWalksDrivesItThoughItIsRecordedAfterTheLoop() {
    // executeQuery at 10, the loop runs while its rows are read, the query ends with its last row.
    for (int i = 0; i < 12; i++) {
      detector.executedInTrace(
          "t1", "p1", null, "shop", "cccc", "SELECT order_lines", 3, 20 + i, 21 + i);
    }
    detector.executedInTrace("t1", "p1", null, "shop", "bbbb", "SELECT orders", 12, 10, 40);

    detector.closeAll();

    assertThat(told)
        .singleElement()
        .satisfies(
            finding ->
                assertThat(finding.evidence())
                    .containsEntry("driving_statement", "SELECT orders")
                    .containsEntry("driving_rows", 12L));
  }

  @Test
  void withoutARowCountNearTheLoopTheStatementRunJustBeforeItDrivesIt() {
    detector.executed("t1", "p1", "shop", "bbbb", "SELECT orders", 500, 20);
    detector.executed("t1", "p1", "shop", "aaaa", "SELECT customers", -1, 21);
    for (int i = 0; i < 12; i++) {
      detector.executed("t1", "p1", "shop", "cccc", "SELECT order_lines", 3, 30 + i);
    }

    detector.closeAll();

    assertThat(told)
        .singleElement()
        .satisfies(
            finding ->
                assertThat(finding.evidence())
                    .containsEntry("driving_statement", "SELECT customers"));
  }

  @Test
  void aJoinOrALoopUpToTheThresholdIsNoFinding() {
    detector.executed("t1", "p1", "shop", "join", "SELECT orders order_lines", 25, 10);
    for (int i = 0; i < 10; i++) {
      detector.executed("t2", "p2", "shop", "cccc", "SELECT order_lines", 3, 30 + i);
    }

    detector.closeAll();

    assertThat(told).isEmpty();
  }

  @Test
  void theSameShapeSpreadOverTracesIsNoFindingAndEachTraceIsToldOnce() {
    for (int i = 0; i < 30; i++) {
      detector.executed("t" + (i % 3), "p", "shop", "cccc", "SELECT order_lines", 1, i);
    }
    detector.closeAll();
    assertThat(told).isEmpty();

    for (int i = 0; i < 11; i++) {
      detector.executed("loop", "p", "shop", "cccc", "SELECT order_lines", 1, 100 + i);
    }
    detector.tick(110 + QUIET);
    detector.tick(120 + QUIET);
    detector.closeAll();
    assertThat(told).hasSize(1);
  }

  @Test
  void aTraceStillActiveIsNotToldYet() {
    for (int i = 0; i < 11; i++) {
      detector.executed("t1", "p1", "shop", "cccc", "SELECT order_lines", 1, i);
    }

    detector.tick(10 + QUIET - 1);

    assertThat(told).isEmpty();
  }

  @Test
  void pastTheTraceBoundTheLeastRecentlyActiveIsClosedEarlyAndCounted() {
    for (int i = 0; i < 11; i++) {
      detector.executed("first", "p", "shop", "cccc", "SELECT order_lines", 1, i);
    }
    detector.executed("second", "p", "shop", "aaaa", "SELECT a", 1, 20);
    detector.executed("third", "p", "shop", "aaaa", "SELECT a", 1, 21);

    detector.executed("fourth", "p", "shop", "aaaa", "SELECT a", 1, 22);

    assertThat(detector.tracesPushedOut()).isEqualTo(1);
    assertThat(told)
        .singleElement()
        .satisfies(finding -> assertThat(finding.evidence()).containsEntry("trace_id", "first"));
  }

  @Test
  void pastTheShapeBoundOfATraceLaterShapesAreCountedNotFollowed() {
    for (int shape = 0; shape < 9; shape++) {
      detector.executed("t1", "p", "shop", "s" + shape, "SELECT s" + shape, 1, shape);
    }

    assertThat(detector.shapesNotFollowed()).isEqualTo(1);
  }

  @Test
  void aLoopAlreadyToldIsToldAgainOncePerIntervalCountingTheOccurrencesHeldBack() {
    long interval = 10 * QUIET;
    NPlusOneDetector limited =
        new NPlusOneDetector(10, 100, 8, QUIET, interval, told::add, parent -> null);
    for (int trace = 0; trace < 5; trace++) { // one request after another, each with the loop
      loop(limited, "t" + trace, trace * 100);
    }
    limited.tick(400 + 11 + QUIET);

    assertThat(told).singleElement(); // the first at once, the next four held back
    assertThat(told.get(0).evidence())
        .containsEntry("occurrences", 1L)
        .containsEntry("trace_id", "t0");

    limited.tick(interval + 11);
    assertThat(told).hasSize(2); // an interval later, the latest of the four, counting them
    assertThat(told.get(1).evidence())
        .containsEntry("occurrences", 4L)
        .containsEntry("trace_id", "t4")
        .containsEntry("executions", 11L);
    assertThat(told.get(1).note()).contains("the latest of 4 traces");
  }

  @Test
  void repeatsHeldBackAreToldAtCloseAndAnotherLoopIsToldAtOnce() {
    NPlusOneDetector limited =
        new NPlusOneDetector(10, 100, 8, QUIET, 1_000 * QUIET, told::add, parent -> null);
    loop(limited, "t1", 0);
    loop(limited, "t2", 100);
    for (int i = 0; i < 11; i++) { // another shape: another loop
      limited.executed("t3", "p", "shop", "dddd", "SELECT payments", 1, 200 + i);
    }
    limited.tick(211 + QUIET);
    assertThat(told).hasSize(2);

    limited.closeAll();

    assertThat(told).hasSize(3);
    assertThat(told.get(2).evidence())
        .containsEntry("occurrences", 1L)
        .containsEntry("trace_id", "t2");
  }

  @Test
  void transactionsOfTwoConnectionsWithTheSameNumberAreTwoTransactions() {
    for (int i = 0; i < 6; i++) {
      detector.executedInTransaction(7, 1, "shop", "cccc", "SELECT order_lines", 1, i, i);
      detector.executedInTransaction(8, 1, "shop", "cccc", "SELECT order_lines", 1, i, i);
    }

    detector.closeAll();

    assertThat(told).isEmpty(); // 6 and 6, neither over 10
  }

  @Test
  void aConnectionsNextTransactionEndsItsPreviousOneWhichIsJudgedAtOnce() {
    for (int i = 0; i < 11; i++) {
      detector.executedInTransaction(7, 1, "shop", "cccc", "SELECT order_lines", 1, i, i);
    }
    detector.executedInTransaction(8, 5, "shop", "cccc", "SELECT order_lines", 1, 20, 20);
    assertThat(told).isEmpty(); // another connection's transaction ends nothing

    detector.executedInTransaction(7, 2, "shop", "aaaa", "SELECT customers", 1, 21, 21);

    assertThat(told)
        .singleElement()
        .satisfies(finding -> assertThat(finding.evidence()).containsEntry("executions", 11L));
    detector.tick(21 + QUIET);
    assertThat(told).hasSize(1); // told once, not again when quiet
    assertThat(detector.tracesPushedOut()).isZero();
  }

  @Test
  void onlyOneOpenTransactionPerConnectionIsFollowedSoNoneIsClosedEarly() {
    for (long transaction = 1; transaction <= 20; transaction++) { // past the bound of 3 traces
      detector.executedInTransaction(7, transaction, "shop", "aaaa", "SELECT a", 1, 0, 0);
    }

    assertThat(detector.tracesPushedOut()).isZero();
  }

  private static void loop(NPlusOneDetector detector, String trace, long at) {
    for (int i = 0; i < 11; i++) {
      detector.executed(trace, "p", "shop", "cccc", "SELECT order_lines", 1, at + i);
    }
  }
}
