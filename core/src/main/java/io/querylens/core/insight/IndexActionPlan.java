package io.querylens.core.insight;

import io.querylens.core.insight.DuplicateIndexRule.Covering;
import io.querylens.core.pg.IndexStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Unused and duplicate indexes judged together, so that every recommended drop is safe to apply
 * with all the others: one finding per index with all its reasons; an index that has scans, or that
 * an observed statement's plan uses, is never dropped (except for an identical twin, whose twin
 * serves the same plans); of identical indexes the one with scans or a constraint stays; an index
 * another drop relies on (its covering index, or the last index serving a foreign key's lookups)
 * stays. Indexes are decided least used and largest first, and each drop pins what it relies on.
 */
public final class IndexActionPlan implements Rule {

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    List<IndexStats> unused = UnusedIndexRule.unused(input);
    Map<IndexStats, List<Covering>> coverings = DuplicateIndexRule.coverings(input);
    Set<IndexStats> candidates = new HashSet<>(unused);
    candidates.addAll(coverings.keySet());
    List<IndexStats> ordered = new ArrayList<>(candidates);
    ordered.sort(leastUsedFirst(input));

    Set<IndexStats> dropped = new HashSet<>();
    Set<IndexStats> pinned = new HashSet<>();
    Map<IndexStats, String> pinnedBecause = new HashMap<>();
    List<Finding> findings = new ArrayList<>();
    for (IndexStats index : ordered) {
      boolean isUnused = unused.contains(index);
      if (pinned.contains(index)) {
        if (isUnused) {
          findings.add(IndexDropFinding.kept(input, index, pinnedBecause.get(index)));
        }
        continue;
      }
      List<Covering> covers = coverings.getOrDefault(index, List.of());
      Covering covering =
          firstKept(covers, dropped, UnusedIndexRule.inUse(input, index), candidates, pinned);
      if (covering == null && !isUnused) {
        // Covered only by indexes that are being dropped, or covered but in use: it stays.
        Covering standing = firstKept(covers, dropped, false, candidates, pinned);
        if (standing != null) {
          findings.add(IndexDropFinding.coveredButUsed(input, index, standing));
        }
        continue;
      }
      List<String> lastForeignKeyServer = foreignKeysOnlyItServes(input, index, dropped);
      if (!lastForeignKeyServer.isEmpty()) {
        findings.add(
            IndexDropFinding.servesForeignKey(
                input, index, isUnused, covering, lastForeignKeyServer));
        continue;
      }
      if (!index.definitionKnown()) {
        findings.add(IndexDropFinding.definitionUnknown(input, index, isUnused, covering));
        continue;
      }
      dropped.add(index);
      if (covering != null) {
        pin(pinned, pinnedBecause, covering.index(), "dropping " + index.name() + " relies on it");
      }
      for (String foreignKey : index.foreignKeys()) {
        IndexStats server = otherServer(input, index, foreignKey, dropped);
        pin(
            pinned,
            pinnedBecause,
            server,
            "it serves foreign key " + foreignKey + " once " + index.name() + " is dropped");
      }
      findings.add(IndexDropFinding.drop(input, index, isUnused, covering));
    }
    return findings;
  }

  /** Fewest scans first (so the scanned twin stays), then largest, then the later name. */
  private static Comparator<IndexStats> leastUsedFirst(AdvisorInput input) {
    return Comparator.<IndexStats>comparingLong(i -> UnusedIndexRule.scansEverywhere(input, i))
        .thenComparing(Comparator.comparingLong(IndexStats::sizeBytes).reversed())
        .thenComparing(Comparator.comparing(IndexStats::name).reversed());
  }

  /**
   * The covering index to rely on: one that stays anyway (no candidate for dropping, or already
   * pinned) before one that would then have to stay, so that two unused twins under a used
   * composite can both go; never one being dropped. When the index is in use, only an identical
   * twin counts (a longer index would serve its statements with another, maybe costlier, plan).
   */
  private static Covering firstKept(
      List<Covering> covers,
      Set<IndexStats> dropped,
      boolean onlyIdentical,
      Set<IndexStats> candidates,
      Set<IndexStats> pinned) {
    Covering fallback = null;
    for (Covering covering : covers) {
      IndexStats other = covering.index();
      if (dropped.contains(other) || (onlyIdentical && !covering.identical())) {
        continue;
      }
      if (!candidates.contains(other) || pinned.contains(other)) {
        return covering;
      }
      if (fallback == null) {
        fallback = covering;
      }
    }
    return fallback;
  }

  /** The foreign keys whose lookups no other kept index on the table serves. */
  private static List<String> foreignKeysOnlyItServes(
      AdvisorInput input, IndexStats index, Set<IndexStats> dropped) {
    List<String> only = new ArrayList<>();
    for (String foreignKey : index.foreignKeys()) {
      if (otherServer(input, index, foreignKey, dropped) == null) {
        only.add(foreignKey);
      }
    }
    return only;
  }

  private static IndexStats otherServer(
      AdvisorInput input, IndexStats index, String foreignKey, Set<IndexStats> dropped) {
    for (IndexStats other : input.snapshot().indexes()) {
      if (other != index
          && !dropped.contains(other)
          && other.valid()
          && other.on(index.schema(), index.table())
          && other.foreignKeys().contains(foreignKey)) {
        return other;
      }
    }
    return null;
  }

  private static void pin(
      Set<IndexStats> pinned, Map<IndexStats, String> because, IndexStats index, String why) {
    if (index != null && pinned.add(index)) {
      because.put(index, why);
    }
  }
}
