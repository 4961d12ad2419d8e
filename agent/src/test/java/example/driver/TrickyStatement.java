package example.driver;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Execute methods shaped to trouble a bytecode rewriter: loops to the first instruction, wide
 * locals, exceptions caught inside, several returns, a reassigned parameter.
 */
public final class TrickyStatement extends StatementStub {

  public final List<String> batch = new ArrayList<>();

  /** Returns from inside a loop, from a catch block, and at the end; throws for "fail". */
  @Override
  public boolean execute(String sql) throws SQLException {
    long sum = 0;
    double ratio = 1.5;
    for (int i = 0; i < sql.length(); i++) {
      sum += sql.charAt(i);
      if (sql.charAt(i) == '!') {
        return true;
      }
    }
    try {
      if (sql.equals("caught")) {
        throw new IllegalStateException("handled inside");
      }
    } catch (IllegalStateException handled) {
      return sum > ratio;
    }
    if (sql.equals("fail")) {
      throw new SQLException("refused: " + sum);
    }
    return false;
  }

  /** A loop whose header is the method's first instruction, and a synchronized block. */
  @Override
  public int executeUpdate(String sql) throws SQLException {
    int rows = 0;
    while (rows < 3) {
      synchronized (this) {
        rows++;
      }
    }
    if (sql.isEmpty()) {
      throw new RuntimeException("unchecked from the driver");
    }
    return rows;
  }

  /** Reassigns its parameter: the agent must report what the caller passed. */
  @Override
  public void addBatch(String sql) {
    sql = sql.trim();
    batch.add(sql);
  }

  /** Refuses while the batch holds "locked". */
  @Override
  public void clearBatch() throws SQLException {
    if (batch.contains("locked")) {
      throw new SQLException("batch is locked");
    }
    batch.clear();
  }

  /** Refuses while the batch holds "in use". */
  @Override
  public void close() throws SQLException {
    if (batch.contains("in use")) {
      throw new SQLException("statement is in use");
    }
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    if (batch.isEmpty()) {
      throw new SQLException("empty batch");
    }
    int[] counts = new int[batch.size()];
    java.util.Arrays.fill(counts, 1);
    batch.clear();
    return counts;
  }
}
