package io.querylens.core.insight;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs every rule over one input and orders the findings, most severe first. */
public final class Advisor {

  private final List<Rule> rules;

  public Advisor(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** Every rule this version knows. */
  public static Advisor standard() {
    return new Advisor(
        List.of(
            new UnusedIndexRule(),
            new DuplicateIndexRule(),
            new InvalidIndexRule(),
            new DeadTuplesRule(),
            new WriteAmplificationRule(),
            new CacheHitRatioRule(),
            new ConnectionsRule(),
            new BlockingLockRule(),
            new LongTransactionRule()));
  }

  public List<Finding> evaluate(AdvisorInput input) {
    List<Finding> findings = new ArrayList<>();
    for (Rule rule : rules) {
      findings.addAll(rule.evaluate(input));
    }
    // Stable: within a severity, the rules' own order (largest, worst first) stands.
    findings.sort(Comparator.comparing(Finding::severity).reversed());
    return findings;
  }
}
