package io.querylens.agent.instrumentation;

import io.querylens.bootstrap.StatementTracer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Writes down every call the rewritten classes make through the bridge, one line each. */
final class RecordingTracer implements StatementTracer {

  final List<String> calls = new CopyOnWriteArrayList<>();
  final List<Throwable> thrown = new CopyOnWriteArrayList<>();
  volatile RuntimeException failOnStart;

  /** What the text sent for a plain statement becomes (the trace comment); null: as written. */
  volatile UnaryOperator<String> textToSend;

  @Override
  public void connected(Object driver, String url, Object properties, Object connection) {
    calls.add("connected " + url + " " + (connection != null));
  }

  @Override
  public void prepared(Object statement, String sql) {
    calls.add("prepared " + sql);
  }

  @Override
  public void closed(Object statement) {
    calls.add("closed");
  }

  @Override
  public void autoCommitSet(Object connection, boolean autoCommit) {
    calls.add("autoCommitSet " + autoCommit);
  }

  @Override
  public void transactionEnded(Object connection) {
    calls.add("transactionEnded");
  }

  @Override
  public void batchAdded(Object statement, String sql) {
    calls.add("batchAdded " + sql);
  }

  @Override
  public void batchCleared(Object statement) {
    calls.add("batchCleared");
  }

  @Override
  public void parameterSet(Object statement, int index, Object value) {
    calls.add("parameterSet " + index + " " + value);
  }

  @Override
  public void parametersCleared(Object statement) {
    calls.add("parametersCleared");
  }

  @Override
  public Object start(Object statement, String sql, boolean batch) {
    if (failOnStart != null) {
      throw failOnStart;
    }
    calls.add("start " + sql + (batch ? " batch" : ""));
    return new Object();
  }

  @Override
  public String sqlToSend(Object statement, Object scope, String sql) {
    return textToSend == null ? sql : textToSend.apply(sql);
  }

  @Override
  public String batchSqlToSend(Object statement, String sql) {
    return textToSend == null ? sql : textToSend.apply(sql);
  }

  @Override
  public void end(Object scope, Throwable error) {
    calls.add("end " + (error == null ? "ok" : error.getClass().getSimpleName()));
    if (error != null) {
      thrown.add(error);
    }
  }

  /** Every result set the agent counts rows of is counted for. */
  @Override
  public boolean resultSetOpened(Object scope) {
    return true;
  }

  @Override
  public void rowsRead(Object scope, long rows) {
    calls.add("rowsRead " + rows);
  }
}
