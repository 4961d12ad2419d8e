package io.querylens.core.insight;

import java.util.List;

/**
 * A one-off report's advice: the findings, most severe first, and the health scores derived from
 * the same input and findings.
 */
public record Advice(List<Finding> findings, HealthScores health) {

  public Advice {
    findings = List.copyOf(findings);
  }

  /** The findings with the health scores of {@code input}. */
  public static Advice of(AdvisorInput input, List<Finding> findings) {
    return new Advice(findings, HealthScores.of(input, findings));
  }
}
