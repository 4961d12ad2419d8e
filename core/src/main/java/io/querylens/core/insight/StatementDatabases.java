package io.querylens.core.insight;

import io.querylens.core.stats.ObservedStatement;
import io.querylens.core.stats.ObservedStatements;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the database of each finding on the agent's own measurements (slow statements, regressions)
 * as the shape's own: the database it ran on (from the {@code db.namespace} of its connections,
 * without a schema), or, for a shape that ran on several, none, with all of them in the evidence
 * ({@code databases}). What matters when the process talks to several databases; a shape whose
 * database is not known keeps the finding's as it was (the sampled servers' shared one).
 */
public final class StatementDatabases {

  private StatementDatabases() {}

  /**
   * @param findings findings whose object names a shape by fingerprint, made without a database
   */
  public static List<Finding> named(List<Finding> findings, ObservedStatements observed) {
    Map<String, ObservedStatement> byFingerprint = new HashMap<>();
    for (ObservedStatement statement : observed.byTotalTime()) {
      byFingerprint.put(statement.fingerprint(), statement);
    }
    return findings.stream().map(f -> named(f, byFingerprint)).toList();
  }

  private static Finding named(Finding finding, Map<String, ObservedStatement> byFingerprint) {
    ObservedStatement statement =
        finding.object().fingerprint() == null
            ? null
            : byFingerprint.get(finding.object().fingerprint());
    if (statement == null || statement.databases().isEmpty()) {
      return finding;
    }
    List<String> databases = statement.databases();
    boolean one = databases.size() == 1 && !statement.ranOnMoreDatabases();
    FindingObject object = finding.object();
    Map<String, Object> evidence = new LinkedHashMap<>(finding.evidence());
    if (!one) {
      evidence.put(
          "databases",
          String.join(", ", databases) + (statement.ranOnMoreDatabases() ? ", ..." : ""));
    }
    return new Finding(
        finding.kind(),
        finding.severity(),
        finding.risk(),
        new FindingObject(
            // Several: none, not the sampled servers' shared one, which a server sampled later
            // would take away (a finding whose object changes is told again).
            one ? databases.get(0) : null,
            object.schema(),
            object.table(),
            object.index(),
            object.fingerprint()),
        evidence,
        finding.action(),
        finding.undo(),
        finding.note());
  }
}
