package io.querylens.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.insight.Finding;
import io.querylens.core.insight.RegressionRule;
import io.querylens.core.insight.RegressionSettings;
import io.querylens.core.insight.SlowStatementRule;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerRegistry;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerIdentity;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.stats.ObservedStatement;
import io.querylens.core.stats.ObservedStatements;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApplicationStatementRulesTest {

  private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
  private static final ServerKey FIRST = new ServerKey("db-a", 5432);
  private static final ServerKey SECOND = new ServerKey("db-b", 5432);

  private final SamplerRegistry samplers =
      new SamplerRegistry(
          SamplerSettings.defaults(), Clock.systemUTC(), SamplerLog.javaUtilLogging());
  private final ObservedStatements statistics = new ObservedStatements(100);
  private final ApplicationStatementRules rules =
      new ApplicationStatementRules(
          samplers,
          statistics,
          new SlowStatementRule(Duration.ofMillis(500), 10),
          new RegressionRule(RegressionSettings.defaults(), Duration.ofMinutes(10)));

  @Test
  void withTwoServersEachSlowStatementIsFoundOncePerRound() {
    ObservedStatement slow = statistics.entryFor("f00d", "SELECT orders", "SELECT * FROM orders");
    for (int i = 0; i < 20; i++) {
      slow.record(2_000_000_000L, false);
    }
    List<Finding> published = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      Instant at = START.plus(samplers.interval().multipliedBy(round));
      for (ServerKey server : List.of(FIRST, SECOND)) {
        List<Finding> found = rules.evaluate(snapshot(server, at));
        if (found != null) {
          published.addAll(found);
        }
      }
    }

    assertThat(published)
        .hasSize(3)
        .allSatisfy(f -> assertThat(f.object().fingerprint()).isEqualTo("f00d"))
        .allSatisfy(f -> assertThat(f.kind()).isEqualTo(SlowStatementRule.KIND));
  }

  @Test
  void whenTheLeadServerFallsSilentAnotherTakesOver() {
    assertThat(rules.evaluate(snapshot(FIRST, START))).isNotNull();
    assertThat(rules.evaluate(snapshot(SECOND, START.plusSeconds(1)))).isNull();

    Instant later = START.plus(samplers.interval().multipliedBy(3));
    assertThat(rules.evaluate(snapshot(SECOND, later))).isNotNull();
    assertThat(rules.evaluate(snapshot(FIRST, later.plusSeconds(1)))).isNull();
  }

  private static Snapshot snapshot(ServerKey server, Instant at) {
    return new Snapshot(
        new ServerIdentity(server, "shop", 170000, "17.0", START, false, true),
        at,
        Duration.ofMillis(10),
        null,
        null,
        List.of(),
        0,
        List.of(),
        0,
        List.of(),
        0,
        null,
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
