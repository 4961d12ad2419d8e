package io.querylens.runtime.jdbc;

/**
 * What {@code addBatch} has collected on one statement since its last execution: how many
 * operations, and for a plain {@code Statement} one text per distinct statement shape (bounded: a
 * batch of a million different shapes must not hold a million strings). Texts that differ only in
 * their literals, as a batch of generated INSERTs does, are one shape and so one statement.
 */
final class BatchState {

  static final int MAX_DISTINCT_SHAPES = 16;

  private int operations;
  private int shapes;
  private final long[] fingerprints = new long[MAX_DISTINCT_SHAPES];
  private final String[] texts = new String[MAX_DISTINCT_SHAPES];
  private boolean moreShapesThanKept;

  /** A prepared statement's batch entry: its text is the statement's own. */
  synchronized void add() {
    operations++;
  }

  /** A plain statement's batch entry, {@code sql} with the fingerprint of its shape. */
  synchronized void add(String sql, long fingerprint) {
    operations++;
    for (int i = 0; i < shapes; i++) {
      if (fingerprints[i] == fingerprint) {
        return;
      }
    }
    if (shapes < MAX_DISTINCT_SHAPES) {
      fingerprints[shapes] = fingerprint;
      texts[shapes++] = sql;
    } else {
      moreShapesThanKept = true;
    }
  }

  /** The batch holds statements of different shapes, not one statement repeated. */
  synchronized boolean mixed() {
    return shapes > 1;
  }

  synchronized int operations() {
    return operations;
  }

  /**
   * The SQL the batch ran: the first text when all operations share a shape, else one text per
   * shape as one script (so the summary and fingerprint cover every statement kind in the batch);
   * null when the batch was of a prepared statement.
   */
  synchronized String sql() {
    if (shapes == 0) {
      return null;
    }
    if (shapes == 1) {
      return texts[0];
    }
    StringBuilder script = new StringBuilder();
    for (int i = 0; i < shapes; i++) {
      if (i > 0) {
        script.append(";\n");
      }
      script.append(texts[i]);
    }
    if (moreShapesThanKept) {
      script.append(";\n/* more statements not shown */");
    }
    return script.toString();
  }
}
