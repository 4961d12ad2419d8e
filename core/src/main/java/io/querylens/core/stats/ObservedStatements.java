package io.querylens.core.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The statement shapes this process ran, bounded: the first {@code maxShapes} fingerprints get an
 * entry of their own, every later one is folded into a single "other" entry, and the number of
 * shapes folded is counted. The advisor and the report read it; the hot path only records into an
 * entry it resolved once per shape.
 */
public final class ObservedStatements {

  public static final String OTHER = "other";

  private final int maxShapes;
  private final ConcurrentHashMap<String, ObservedStatement> byFingerprint =
      new ConcurrentHashMap<>();
  private final ObservedStatement other =
      new ObservedStatement(OTHER, "other", "statement shapes past the limit, together");
  private final DistinctCounter folded = new DistinctCounter();

  public ObservedStatements(int maxShapes) {
    this.maxShapes = maxShapes;
  }

  /**
   * The entry to record {@code fingerprint}'s executions into; "other" once the limit is reached.
   */
  public ObservedStatement entryFor(String fingerprint, String summary, String sanitizedText) {
    ObservedStatement entry = byFingerprint.get(fingerprint);
    if (entry != null) {
      return entry;
    }
    if (byFingerprint.size() >= maxShapes) {
      folded.add(fingerprint);
      return other;
    }
    return byFingerprint.computeIfAbsent(
        fingerprint, f -> new ObservedStatement(f, summary, sanitizedText));
  }

  /**
   * Every entry with executions, "other" included when it has any, by total time, largest first.
   */
  public List<ObservedStatement> byTotalTime() {
    List<ObservedStatement> entries = new ArrayList<>(byFingerprint.values());
    if (other.calls() > 0) {
      entries.add(other);
    }
    entries.removeIf(entry -> entry.calls() == 0);
    entries.sort(Comparator.comparingLong(ObservedStatement::totalNanos).reversed());
    return entries;
  }

  /**
   * Distinct shapes folded into "other", estimated in constant memory: a storm of a million
   * distinct statements must not cost a million remembered fingerprints.
   */
  public long foldedShapes() {
    return folded.estimate();
  }
}
