package io.querylens.junit;

import java.util.List;

/** The assertion message of a test over budget: each budget, its evidence and its fix. */
final class FailureMessage {

  private FailureMessage() {}

  static String of(String test, List<Exceeded> exceeded) {
    StringBuilder message =
        new StringBuilder("QueryLens: ")
            .append(test)
            .append(" exceeded ")
            .append(exceeded.size() == 1 ? "a statement budget" : exceeded.size() + " budgets")
            .append('\n');
    int number = 1;
    for (Exceeded one : exceeded) {
      message
          .append('\n')
          .append(number++)
          .append(". ")
          .append(one.budget())
          .append(": ")
          .append(one.what())
          .append('\n');
      for (String line : one.evidence()) {
        message.append("     ").append(line).append('\n');
      }
      message.append("   Fix: ").append(one.fix()).append('\n');
    }
    return message
        .append("\nBudgets come from @QueryLens, then otel.instrumentation.querylens.junit.*")
        .append(" (docs/junit.md).")
        .toString();
  }
}
