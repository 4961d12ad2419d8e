package io.querylens.agent.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code addBatch} has collected on one statement since its last execution: how many
 * operations, and for a plain {@code Statement} the distinct SQL texts (bounded: a batch of a
 * million different strings must not hold a million strings).
 */
final class BatchState {

  static final int MAX_DISTINCT_TEXTS = 16;

  private int operations;
  private final List<String> distinctTexts = new ArrayList<>(1);
  private boolean moreTextsThanKept;

  synchronized void add(String sql) {
    operations++;
    if (sql == null) {
      return;
    }
    for (int i = 0; i < distinctTexts.size(); i++) {
      if (distinctTexts.get(i).equals(sql)) {
        return;
      }
    }
    if (distinctTexts.size() < MAX_DISTINCT_TEXTS) {
      distinctTexts.add(sql);
    } else {
      moreTextsThanKept = true;
    }
  }

  /** The batch holds different SQL texts, not one statement repeated. */
  synchronized boolean mixed() {
    return distinctTexts.size() > 1;
  }

  synchronized int operations() {
    return operations;
  }

  /**
   * The SQL the batch ran: the one text when all operations share it, else the distinct texts as
   * one script (so the summary and fingerprint cover every statement kind in the batch); null when
   * the batch was of a prepared statement.
   */
  synchronized String sql() {
    if (distinctTexts.isEmpty()) {
      return null;
    }
    if (distinctTexts.size() == 1) {
      return distinctTexts.get(0);
    }
    StringBuilder script = new StringBuilder();
    for (String text : distinctTexts) {
      if (script.length() > 0) {
        script.append(";\n");
      }
      script.append(text);
    }
    if (moreTextsThanKept) {
      script.append(";\n/* more statements not shown */");
    }
    return script.toString();
  }
}
