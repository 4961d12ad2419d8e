package io.querylens.it.insight;

import org.junit.jupiter.api.BeforeAll;

/** PostgreSQL 17: {@code EXPLAIN (GENERIC_PLAN)} of the normalized text. */
class MissingIndexPg17IT extends MissingIndexIT {

  @BeforeAll
  static void start() throws Exception {
    plantWorkloadAndExplain(17);
  }
}
