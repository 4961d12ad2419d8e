package io.querylens.it.insight;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.support.EmbeddedPostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL 17, which has no HypoPG: the findings say they are unverified. */
class MissingIndexAccessPathsPg17IT extends MissingIndexAccessPathsIT {

  private static EmbeddedPostgresServer postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgresServer.start(17);
    plantWorkloadAndExplain(postgres::connect, postgres.port(), false);
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void withoutHypoPgEveryFindingSaysItIsUnverified() {
    assertThat(report.hypopg()).isEqualTo("absent");
    assertThat(report.findings())
        .allSatisfy(
            f -> {
              assertThat(f.evidence()).containsEntry("verified", false);
              assertThat(f.note()).contains("Unverified");
            });
  }
}
