package io.querylens.core.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.stats.ObservedStatement;
import io.querylens.core.stats.ObservedStatements;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatementDatabasesTest {

  private final ObservedStatements observed = new ObservedStatements(100);
  private final SlowStatementRule rule = new SlowStatementRule(Duration.ofMillis(1), 1);

  private ObservedStatement slow(String fingerprint, String... databases) {
    ObservedStatement statement =
        observed.entryFor(fingerprint, "SELECT t", "SELECT id FROM t WHERE k = ?");
    for (String database : databases) {
      statement.ranOn(database);
    }
    statement.record(Duration.ofMillis(50).toNanos(), false);
    return statement;
  }

  @Test
  void aFindingOfAShapeThatRanOnOneDatabaseNamesIt() {
    slow("aaaa", "inventory");

    List<Finding> named = StatementDatabases.named(rule.evaluate(observed, null), observed);

    assertThat(named)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object().database()).isEqualTo("inventory");
              assertThat(f.evidence()).doesNotContainKey("databases");
            });
  }

  @Test
  void aShapeThatRanOnSeveralNamesNoneAndListsThemAll() {
    slow("aaaa", "postgres", "inventory", "postgres");

    List<Finding> named = StatementDatabases.named(rule.evaluate(observed, "postgres"), observed);

    assertThat(named)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.object().database()).isNull();
              assertThat(f.evidence()).containsEntry("databases", "postgres, inventory");
            });
  }

  @Test
  void aShapeOfUnknownDatabaseKeepsItsFindingAsItWas() {
    slow("aaaa");

    List<Finding> found = rule.evaluate(observed, null);

    assertThat(StatementDatabases.named(found, observed)).isEqualTo(found);
  }

  @Test
  void theDatabasesAShapeRanOnAreBoundedAndTheRestSaid() {
    ObservedStatement statement = slow("aaaa", "d1", "d2", "d3", "d4", "d5", "d6");

    assertThat(statement.databases()).containsExactly("d1", "d2", "d3", "d4");
    assertThat(statement.ranOnMoreDatabases()).isTrue();
    assertThat(StatementDatabases.named(rule.evaluate(observed, null), observed).get(0).evidence())
        .containsEntry("databases", "d1, d2, d3, d4, ...");
  }

  @Test
  void aShapeSeenOnlyOnAnotherDatabaseIsNotPlannedOnThisOne() {
    ObservedStatement elsewhere = slow("aaaa", "inventory");
    ObservedStatement here = slow("bbbb", "shop");
    ObservedStatement unknown = slow("cccc");

    assertThat(PlannedStatement.mayRunOn(elsewhere, "shop")).isFalse();
    assertThat(PlannedStatement.mayRunOn(here, "shop")).isTrue();
    assertThat(PlannedStatement.mayRunOn(unknown, "shop")).isTrue();
  }
}
