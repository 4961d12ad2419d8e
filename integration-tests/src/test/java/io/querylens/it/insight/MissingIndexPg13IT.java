package io.querylens.it.insight;

import org.junit.jupiter.api.BeforeAll;

/** PostgreSQL 13: the text prepared and its generic plan explained (no GENERIC_PLAN before 16). */
class MissingIndexPg13IT extends MissingIndexIT {

  @BeforeAll
  static void start() throws Exception {
    plantWorkloadAndExplain(13);
  }
}
