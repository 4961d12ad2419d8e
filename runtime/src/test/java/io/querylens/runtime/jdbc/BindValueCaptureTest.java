package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.sql.StatementShape;
import io.querylens.exporter.ConnectionFacts;
import io.querylens.exporter.StatementObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindValueCaptureTest {

  private final RecordingObserver observer = new RecordingObserver();
  private final Object statement = new Object();
  private final Object scope = new Object();

  @Test
  void anExecutionCarriesTheValuesSetOnItsStatement() {
    BindValueCapture capture = BindValueCapture.perStatement();
    capture.set(statement, 1, "alice");
    capture.set(statement, 2, 7);

    capture.executing(statement, scope, observer);

    assertThat(observer.recorded).singleElement().isEqualTo(List.of("alice", "7"));
  }

  @Test
  void valuesStayForTheNextExecutionAsJdbcKeepsThem() {
    BindValueCapture capture = BindValueCapture.perStatement();
    capture.set(statement, 1, "alice");

    capture.executing(statement, scope, observer);
    capture.executing(statement, scope, observer);

    assertThat(observer.recorded)
        .hasSize(2)
        .allSatisfy(v -> assertThat(v).containsExactly("alice"));
  }

  @Test
  void clearParametersForgetsTheStatementsValues() {
    BindValueCapture capture = BindValueCapture.perStatement();
    capture.set(statement, 1, "alice");
    capture.cleared(statement);

    capture.executing(statement, scope, observer);

    assertThat(observer.recorded).isEmpty();
    assertThat(((BindValueCapture.PerStatement) capture).statements()).isZero();
  }

  @Test
  void eachStatementHasItsOwnValues() {
    BindValueCapture capture = BindValueCapture.perStatement();
    Object other = new Object();
    capture.set(statement, 1, "alice");
    capture.set(other, 1, "bob");

    capture.executing(other, scope, observer);

    assertThat(observer.recorded).singleElement().isEqualTo(List.of("bob"));
  }

  @Test
  void captureOffRecordsNothing() {
    BindValueCapture.OFF.set(statement, 1, "alice");

    BindValueCapture.OFF.executing(statement, scope, observer);

    assertThat(observer.recorded).isEmpty();
  }

  /** Records what reached the exporter's interface. */
  private static final class RecordingObserver implements StatementObserver {
    final List<List<String>> recorded = new ArrayList<>();

    @Override
    public Object start(
        ConnectionFacts connection, StatementShape shape, int batchSize, boolean mixedBatch) {
      return new Object();
    }

    @Override
    public void bindValues(Object scope, String[] values) {
      recorded.add(java.util.Arrays.asList(values));
    }

    @Override
    public void end(Object scope, Throwable error) {}
  }
}
