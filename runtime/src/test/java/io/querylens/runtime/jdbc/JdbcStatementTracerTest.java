package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.sql.StatementShapeCache;
import io.querylens.exporter.StatementObserver;
import org.junit.jupiter.api.Test;

class JdbcStatementTracerTest {

  private final JdbcStatementTracer tracer =
      new JdbcStatementTracer(
          StatementObserver.NOOP,
          new StatementShapeCache(100, 100_000),
          new OwnConnections(),
          null,
          false,
          false);

  @Test
  void aClosedStatementsSqlAndBatchAreForgottenAtOnceNotAtTheNextCollection() {
    Object open = new Object();
    Object closed = new Object();
    tracer.prepared(open, "select 1");
    tracer.prepared(closed, "insert into t values (?)");
    tracer.batchAdded(closed, null);

    tracer.closed(closed);

    assertThat(tracer.statementsHeld()).isEqualTo(1);
  }

  @Test
  void closingAStatementTheTracerNeverHeldChangesNothing() {
    Object prepared = new Object();
    tracer.prepared(prepared, "select 1");

    tracer.closed(new Object());

    assertThat(tracer.statementsHeld()).isEqualTo(1);
  }

  @Test
  void aStatementPreparedThroughSeveralOverloadsIsHeldOnce() {
    Object statement = new Object();
    String sql = "select 1";

    tracer.prepared(statement, sql); // prepareStatement(sql) ...
    tracer.prepared(
        statement, sql); // ... returning what prepareStatement(sql, type, concurrency) did

    assertThat(tracer.statementsHeld()).isEqualTo(1);
  }
}
