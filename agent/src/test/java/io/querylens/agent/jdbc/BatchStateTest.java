package io.querylens.agent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchStateTest {

  @Test
  void aPreparedBatchCountsOperationsAndHasNoTextOfItsOwn() {
    BatchState batch = new BatchState();
    batch.add(null);
    batch.add(null);

    assertThat(batch.operations()).isEqualTo(2);
    assertThat(batch.sql()).isNull();
  }

  @Test
  void aStatementBatchOfOneTextIsThatText() {
    BatchState batch = new BatchState();
    batch.add("INSERT INTO t VALUES (1)");
    batch.add("INSERT INTO t VALUES (1)");

    assertThat(batch.sql()).isEqualTo("INSERT INTO t VALUES (1)");
  }

  @Test
  void distinctTextsBecomeOneBoundedScript() {
    BatchState batch = new BatchState();
    for (int i = 0; i < 1000; i++) {
      batch.add("UPDATE t" + i + " SET a = 1");
    }

    assertThat(batch.operations()).isEqualTo(1000);
    assertThat(batch.sql().split(";\n")).hasSize(BatchState.MAX_DISTINCT_TEXTS + 1);
    assertThat(batch.sql())
        .startsWith("UPDATE t0 SET a = 1;\nUPDATE t1 SET a = 1")
        .endsWith("/* more statements not shown */");
  }
}
