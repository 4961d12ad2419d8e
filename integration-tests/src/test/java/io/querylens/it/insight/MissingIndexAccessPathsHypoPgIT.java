package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.support.DebianPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Debian's PostgreSQL 15 with its HypoPG package (the embedded binaries lack it; {@code .ci/run}
 * installs both): every candidate is checked with a hypothetical index, and the finding carries the
 * plan's cost before and after.
 */
class MissingIndexAccessPathsHypoPgIT extends MissingIndexAccessPathsIT {

  private static DebianPostgresServer postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = DebianPostgresServer.start(15, "hypopg");
    plantWorkloadAndExplain(postgres::connect, postgres.port(), true);
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aCandidateTheHypotheticalIndexShowsThePlannerWouldNotUseIsDropped() {
    assertThat(report.findings()).noneMatch(f -> "parcels".equals(f.object().table()));
    assertThat(report.plans())
        .as("the parcels lookup was planned, so its candidate was checked")
        .anySatisfy(plan -> assertThat(plan.scans()).contains("Seq Scan on public.parcels"));
  }

  @Test
  void hypoPgShowsThePlanUsingEachCandidateAtALowerCostAndTheFindingSaysFromWhatToWhat() {
    assertThat(report.hypopg()).isEqualTo("installed");
    assertThat(report.findings())
        .hasSize(3)
        .allSatisfy(
            f -> {
              double before = (Double) f.evidence().get("plan_cost");
              double after = (Double) f.evidence().get("cost_with_index");
              assertThat(f.evidence()).containsEntry("verified", true);
              assertThat(after).isLessThan(before / 10);
              assertThat(f.note()).contains("cost falls from " + before + " to " + after);
            });
  }
}
