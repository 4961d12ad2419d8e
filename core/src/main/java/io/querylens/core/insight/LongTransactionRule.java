package io.querylens.core.insight;

import io.querylens.core.pg.LongTransaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Transactions open for long: they hold locks and keep vacuum from removing dead tuples everywhere.
 * Reported, never acted on: ending another session's transaction is the user's call.
 */
public final class LongTransactionRule implements Rule {

  public static final String KIND = "long_transaction";

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    if (input.snapshot().connections() == null) {
      return List.of();
    }
    double limit = input.thresholds().longTransaction().toMillis() / 1000.0;
    List<Finding> findings = new ArrayList<>();
    for (LongTransaction transaction : input.snapshot().connections().longestTransactions()) {
      if (transaction.ageSeconds() < limit) {
        continue;
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("pid", transaction.pid());
      evidence.put("age_seconds", Math.round(transaction.ageSeconds()));
      evidence.put("state", transaction.state());
      evidence.put("application_name", transaction.applicationName());
      findings.add(
          new Finding(
              KIND,
              transaction.ageSeconds() >= limit * 6 ? Severity.CRITICAL : Severity.WARNING,
              Risk.NONE,
              FindingObject.database(input.database()),
              evidence,
              null,
              null,
              "An open transaction holds its locks and stops vacuum from cleaning up after it."));
    }
    return findings;
  }
}
