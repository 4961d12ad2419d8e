package io.querylens.core.insight;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing the advisor found, with the numbers that prove it and, where there is one, the SQL that
 * acts on it and the SQL that undoes that action. The advisor never runs either: it recommends.
 *
 * @param kind a stable machine name, e.g. {@code unused_index}; also the event name's suffix
 * @param evidence the numbers, in the order a person should read them
 * @param action the recommended SQL, or null when the finding is informational
 * @param undo the SQL that reverts {@code action}, or null
 * @param note a sentence for people: what the numbers mean and any caveat
 */
public record Finding(
    String kind,
    Severity severity,
    Risk risk,
    FindingObject object,
    Map<String, Object> evidence,
    String action,
    String undo,
    String note) {

  public Finding {
    evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
  }
}
