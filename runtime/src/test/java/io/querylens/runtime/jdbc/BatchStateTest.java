package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchStateTest {

  @Test
  void aPreparedBatchCountsOperationsAndHasNoTextOfItsOwn() {
    BatchState batch = new BatchState();
    batch.add();
    batch.add();

    assertThat(batch.operations()).isEqualTo(2);
    assertThat(batch.sql()).isNull();
  }

  @Test
  void aStatementBatchOfOneTextIsThatText() {
    BatchState batch = new BatchState();
    batch.add("INSERT INTO t VALUES (1)", 7);
    batch.add("INSERT INTO t VALUES (1)", 7);

    assertThat(batch.sql()).isEqualTo("INSERT INTO t VALUES (1)");
    assertThat(batch.mixed()).isFalse();
  }

  @Test
  void textsOfOneShapeAreOneStatementNamedByTheFirst() {
    BatchState batch = new BatchState();
    for (int i = 0; i < 100_000; i++) {
      batch.add("INSERT INTO t VALUES (" + i + ")", 7);
    }

    assertThat(batch.operations()).isEqualTo(100_000);
    assertThat(batch.mixed()).isFalse();
    assertThat(batch.sql()).isEqualTo("INSERT INTO t VALUES (0)");
  }

  @Test
  void distinctShapesBecomeOneBoundedScript() {
    BatchState batch = new BatchState();
    for (int i = 0; i < 1000; i++) {
      batch.add("UPDATE t" + i + " SET a = 1", i);
    }

    assertThat(batch.operations()).isEqualTo(1000);
    assertThat(batch.mixed()).isTrue();
    assertThat(batch.sql().split(";\n")).hasSize(BatchState.MAX_DISTINCT_SHAPES + 1);
    assertThat(batch.sql())
        .startsWith("UPDATE t0 SET a = 1;\nUPDATE t1 SET a = 1")
        .endsWith("/* more statements not shown */");
  }
}
