package io.querylens.core.insight;

import io.querylens.core.pg.Snapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the rules judge: the latest snapshot of the primary (or the one server), the latest
 * snapshots of its standbys (an index unused on the primary may serve a replica's reads), the
 * thresholds, the index scans the advisor's own EXPLAINs added to the snapshot's counters ({@code
 * schema.index} to scans, from {@link PlannerProbeLedger}), table and btree index bloat measured by
 * pgstattuple ({@code schema.table} to its measure; empty when not measured), the statements
 * (fingerprints) whose plans use each index ({@code schema.index}; empty when no plans were read)
 * and since when the agent has been watching (null when not known).
 */
public record AdvisorInput(
    Snapshot snapshot,
    List<Snapshot> standbys,
    Thresholds thresholds,
    Map<String, Long> scansAddedByAdvisor,
    Map<String, TableBloat> measuredBloat,
    Map<String, IndexBloat> measuredIndexBloat,
    Map<String, List<String>> indexUsers,
    Instant watchingSince) {

  public AdvisorInput {
    standbys = List.copyOf(standbys);
    scansAddedByAdvisor = Map.copyOf(scansAddedByAdvisor);
    measuredBloat = Map.copyOf(measuredBloat);
    measuredIndexBloat = Map.copyOf(measuredIndexBloat);
    indexUsers = Map.copyOf(indexUsers);
  }

  /** Not knowing which statements use which index, nor since when the agent watches. */
  public AdvisorInput(
      Snapshot snapshot,
      List<Snapshot> standbys,
      Thresholds thresholds,
      Map<String, Long> scansAddedByAdvisor,
      Map<String, TableBloat> measuredBloat,
      Map<String, IndexBloat> measuredIndexBloat) {
    this(
        snapshot,
        standbys,
        thresholds,
        scansAddedByAdvisor,
        measuredBloat,
        measuredIndexBloat,
        Map.of(),
        null);
  }

  /** Without EXPLAIN rounds or pgstattuple: no scans to take out, bloat estimated. */
  public AdvisorInput(Snapshot snapshot, List<Snapshot> standbys, Thresholds thresholds) {
    this(snapshot, standbys, thresholds, Map.of(), Map.of(), Map.of(), Map.of(), null);
  }

  /** The same input, judged with the latest snapshots of the primary's standbys. */
  public AdvisorInput withStandbys(List<Snapshot> latestStandbys) {
    return new AdvisorInput(
        snapshot,
        latestStandbys,
        thresholds,
        scansAddedByAdvisor,
        measuredBloat,
        measuredIndexBloat,
        indexUsers,
        watchingSince);
  }

  /** The same input, knowing which statements' plans use which index ({@code schema.index}). */
  public AdvisorInput withIndexUsers(Map<String, List<String>> users) {
    return new AdvisorInput(
        snapshot,
        standbys,
        thresholds,
        scansAddedByAdvisor,
        measuredBloat,
        measuredIndexBloat,
        users,
        watchingSince);
  }

  /** The same input, knowing since when the agent has been watching the workload. */
  public AdvisorInput watchingSince(Instant since) {
    return new AdvisorInput(
        snapshot,
        standbys,
        thresholds,
        scansAddedByAdvisor,
        measuredBloat,
        measuredIndexBloat,
        indexUsers,
        since);
  }

  public static AdvisorInput of(Snapshot snapshot) {
    return of(snapshot, Thresholds.defaults());
  }

  public static AdvisorInput of(Snapshot snapshot, Thresholds thresholds) {
    return new AdvisorInput(snapshot, List.of(), thresholds);
  }

  /** The same input, with the scans the advisor's EXPLAIN rounds added taken out. */
  public AdvisorInput withScansAddedByAdvisor(Map<String, Long> scans) {
    return new AdvisorInput(
        snapshot,
        standbys,
        thresholds,
        scans,
        measuredBloat,
        measuredIndexBloat,
        indexUsers,
        watchingSince);
  }

  /** The same input, with table bloat that pgstattuple measured. */
  public AdvisorInput withMeasuredBloat(List<TableBloat> measured) {
    Map<String, TableBloat> byTable = new java.util.HashMap<>();
    for (TableBloat bloat : measured) {
      byTable.put(bloat.key(), bloat);
    }
    return new AdvisorInput(
        snapshot,
        standbys,
        thresholds,
        scansAddedByAdvisor,
        byTable,
        measuredIndexBloat,
        indexUsers,
        watchingSince);
  }

  /** The same input, with btree index bloat that pgstatindex measured. */
  public AdvisorInput withMeasuredIndexBloat(List<IndexBloat> measured) {
    Map<String, IndexBloat> byIndex = new java.util.HashMap<>();
    for (IndexBloat bloat : measured) {
      byIndex.put(bloat.key(), bloat);
    }
    return new AdvisorInput(
        snapshot,
        standbys,
        thresholds,
        scansAddedByAdvisor,
        measuredBloat,
        byIndex,
        indexUsers,
        watchingSince);
  }

  /** The index's measured bloat, or null when pgstatindex did not measure it. */
  IndexBloat indexBloatOf(String schema, String index) {
    return measuredIndexBloat.get(schema + "." + index);
  }

  /** The table's measured bloat, or null when pgstattuple did not measure it. */
  TableBloat bloatOf(String schema, String table) {
    return measuredBloat.get(schema + "." + table);
  }

  /** The table's measured bloat ratio (0 to 1), or null when pgstattuple did not measure it. */
  Double measuredBloat(String schema, String table) {
    TableBloat bloat = bloatOf(schema, table);
    return bloat == null ? null : bloat.ratio();
  }

  String database() {
    return snapshot.server().database();
  }

  /** The fingerprints of the observed statements whose plans use the index; empty when none. */
  List<String> statementsUsing(io.querylens.core.pg.IndexStats index) {
    return indexUsers.getOrDefault(index.schema() + "." + index.name(), List.of());
  }

  /** The index's scans the advisor itself caused, 0 when none. */
  long scansAddedByAdvisor(String schema, String index) {
    return scansAddedByAdvisor.getOrDefault(schema + "." + index, 0L);
  }
}
