package io.querylens.core.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.insight.Finding;
import io.querylens.core.insight.RegressionSettings;
import io.querylens.core.pg.ServerIdentity;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.StatementStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BaselineComparisonTest {

  private static final Instant RESET = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant SAVED = Instant.parse("2026-11-22T12:00:00Z");

  @Test
  void aBaselineKeysShapesByFingerprintSummingTheirQueryIds() {
    Baseline baseline =
        Baseline.of(
            snapshot(
                "db:5432",
                RESET,
                stats(1, "SELECT * FROM orders WHERE id = $1", 600, 600),
                stats(2, "select * from orders where id = $1", 400, 400),
                stats(3, "<insufficient privilege>", 10, 10)));

    assertThat(baseline.statements())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.calls()).isEqualTo(1_000);
              assertThat(s.summary()).isEqualTo("SELECT orders");
            });
    assertThat(baseline.server()).isEqualTo("db:5432");
    assertThat(baseline.statsReset()).isEqualTo(RESET);
  }

  @Test
  void onTheSameCountersOnlyTheExecutionsSinceTheBaselineAreJudged() {
    Baseline baseline =
        Baseline.of(
            snapshot(
                "db:5432", RESET, stats(1, "SELECT * FROM orders WHERE id = $1", 1_000, 1_000)));
    // 1,000 calls at 1 ms before, then 1,000 at 5 ms: 3 ms on average since the reset, 5 since.
    Snapshot now =
        snapshot("db:5432", RESET, stats(1, "SELECT * FROM orders WHERE id = $1", 2_000, 6_000));

    BaselineComparison comparison =
        BaselineComparison.of(baseline, now, RegressionSettings.defaults());

    assertThat(comparison.sinceBaseline()).isTrue();
    assertThat(comparison.compared()).isEqualTo(1);
    assertThat(comparison.regressions())
        .singleElement()
        .extracting(Finding::evidence)
        .satisfies(
            evidence ->
                assertThat(evidence)
                    .containsEntry("mean_before_ms", 1.0)
                    .containsEntry("mean_now_ms", 5.0)
                    .containsEntry("calls_now", 1_000L));
  }

  @Test
  void afterAResetOrOnAnotherServerTheFiguresNowAreJudgedAsTheyAre() {
    Baseline baseline =
        Baseline.of(
            snapshot(
                "staging:5432",
                RESET,
                stats(1, "SELECT * FROM orders WHERE id = $1", 1_000, 1_000)));
    Snapshot now =
        snapshot(
            "db:5432",
            null,
            stats(77, "SELECT * FROM orders WHERE id = $1", 500, 1_500),
            stats(78, "SELECT * FROM customers WHERE id = $1", 500, 500));

    BaselineComparison comparison =
        BaselineComparison.of(baseline, now, RegressionSettings.defaults());

    assertThat(comparison.sinceBaseline()).isFalse();
    assertThat(comparison.newShapes()).isEqualTo(1);
    assertThat(comparison.regressions())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.evidence()).containsEntry("mean_now_ms", 3.0);
              assertThat(f.evidence().get("compared_with"))
                  .isEqualTo("the baseline saved 2026-11-22T12:00:00Z");
            });
  }

  @Test
  void aShapeGoneSinceTheBaselineIsCountedNotFlagged() {
    Baseline baseline =
        Baseline.of(
            snapshot("db:5432", RESET, stats(1, "DELETE FROM carts WHERE id = $1", 1_000, 1_000)));

    BaselineComparison comparison =
        BaselineComparison.of(baseline, snapshot("db:5432", RESET), RegressionSettings.defaults());

    assertThat(comparison.goneShapes()).isEqualTo(1);
    assertThat(comparison.regressions()).isEmpty();
  }

  private static StatementStats stats(long queryId, String query, long calls, double totalMillis) {
    return new StatementStats(queryId, query, calls, totalMillis, totalMillis / calls, calls, 0, 0);
  }

  private static Snapshot snapshot(String server, Instant reset, StatementStats... statements) {
    String[] hostPort = server.split(":");
    ServerIdentity identity =
        new ServerIdentity(
            new ServerKey(hostPort[0], Integer.parseInt(hostPort[1])),
            "shop",
            170000,
            "17.0",
            RESET,
            false,
            true);
    return new Snapshot(
        identity,
        SAVED,
        Duration.ofMillis(5),
        null,
        null,
        List.of(),
        0,
        List.of(),
        0,
        List.of(statements),
        0,
        reset,
        List.of(),
        List.of(),
        0,
        null,
        null,
        List.of(),
        null,
        Set.of());
  }
}
