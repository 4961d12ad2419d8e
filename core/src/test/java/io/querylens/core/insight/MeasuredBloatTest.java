package io.querylens.core.insight;

import static io.querylens.core.insight.Snapshots.table;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MeasuredBloatTest {

  private final Snapshots shop = Snapshots.shop().table(table("events", 10_000, 0, 1_000, 0));

  @Test
  void deadRowsMeasuredByPgStatTupleAreBloatThatVacuumFixes() {
    List<Finding> findings = rule(new TableBloat("public", "events", 8_000_000, 30, 5));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARNING);
              assertThat(f.risk()).isEqualTo(Risk.LOW);
              assertThat(f.action()).isEqualTo("VACUUM (ANALYZE) public.events;");
              assertThat(f.evidence())
                  .containsEntry("bloat_ratio", 0.35)
                  .containsEntry("measured_by", "pgstattuple_approx");
            });
  }

  @Test
  void mostlyFreeSpaceOverHalfTheTableIsCriticalAndOnlyARewriteGivesItBack() {
    List<Finding> findings = rule(new TableBloat("public", "events", 8_000_000, 1, 59));

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(f.risk()).isEqualTo(Risk.HIGH);
              assertThat(f.action()).isEqualTo("VACUUM (FULL, ANALYZE) public.events;");
              assertThat(f.note()).contains("ACCESS EXCLUSIVE").contains("pg_repack");
            });
  }

  @Test
  void aMeasureUnderTwentyPercentIsNoFindingWhateverTheEstimate() {
    Snapshots estimatedBloated = Snapshots.shop().table(table("events", 5_000, 5_000, 1_000, 0));
    AdvisorInput input =
        estimatedBloated
            .input()
            .withMeasuredBloat(List.of(new TableBloat("public", "events", 8_000_000, 10, 5)));

    assertThat(new DeadTuplesRule().evaluate(estimatedBloated.input())).hasSize(1);
    assertThat(new DeadTuplesRule().evaluate(input)).isEmpty();
  }

  private List<Finding> rule(TableBloat measured) {
    return new DeadTuplesRule().evaluate(shop.input().withMeasuredBloat(List.of(measured)));
  }
}
