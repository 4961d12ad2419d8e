package io.querylens.core.insight;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A health score, 0 to 100, of one index or table, its grade, and the points each cause took off.
 * The formula is in {@link HealthScores} and docs/advisor.md.
 *
 * @param object the index (database, schema, table, index) or the table
 * @param deductions cause to points taken off, only the causes that took any
 */
public record Health(FindingObject object, int score, Map<String, Integer> deductions) {

  public Health {
    deductions = Collections.unmodifiableMap(new LinkedHashMap<>(deductions));
  }

  /** A 90+, B 80+, C 70+, D 60+, F below: the school scale, so nobody needs a legend. */
  public String grade() {
    return score >= 90 ? "A" : score >= 80 ? "B" : score >= 70 ? "C" : score >= 60 ? "D" : "F";
  }
}
