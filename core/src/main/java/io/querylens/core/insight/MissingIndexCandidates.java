package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.TableStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The candidate indexes one generic plan asks for: its wasteful scans ({@link WastefulScans}),
 * judged against the table's size and, for index scans, the used index's key columns and the rows
 * its condition reaches. Catalog reads only, inside the advisor's read-only transaction.
 */
final class MissingIndexCandidates {

  /**
   * A candidate and the figures that made it one.
   *
   * @param tableRows {@code pg_class.reltuples} (or the sampled live tuples)
   * @param rowsFetched for a residual filter, the rows the index condition reaches; else -1
   * @param indexUsed for an index path, the index the plan uses; else null
   */
  record Candidate(IndexCandidate index, long tableRows, double rowsFetched, String indexUsed) {}

  private final Connection connection;
  private final Snapshot snapshot;
  private final MissingIndexSettings settings;

  MissingIndexCandidates(Connection connection, Snapshot snapshot, MissingIndexSettings settings) {
    this.connection = connection;
    this.snapshot = snapshot;
    this.settings = settings;
  }

  List<Candidate> in(PlanNode plan) throws SQLException {
    List<Candidate> candidates = new ArrayList<>();
    for (WastefulScans.Found found : WastefulScans.in(plan)) {
      Candidate candidate = candidate(found);
      if (candidate != null) {
        candidates.add(candidate);
      }
    }
    return candidates;
  }

  private Candidate candidate(WastefulScans.Found found) throws SQLException {
    PlanNode scan = found.scan();
    if (scan.schema() == null) {
      return null;
    }
    long tuples = tableTuples(scan.schema(), scan.relation());
    if (tuples < settings.minTableTuples()) {
      return null;
    }
    String indexUsed = found.sequential() ? null : found.index().indexName();
    List<String> keys =
        indexUsed == null ? List.of() : IndexKeys.of(connection, scan.schema(), indexUsed);
    CandidateColumns derived = CandidateColumns.of(found, keys);
    if (derived == null) {
      return null;
    }
    double rowsFetched = -1;
    if (derived.path() == AccessPath.RESIDUAL_FILTER) {
      rowsFetched = rowsFetched(found);
      if (rowsFetched < settings.minRowsFetched()
          || scan.planRows() > rowsFetched * settings.maxFractionReturned()) {
        return null;
      }
    } else if (scan.planRows() > tuples * settings.maxFractionReturned()) {
      return null;
    }
    IndexCandidate candidate =
        IndexCandidate.withColumns(scan, derived, takenNames(scan.schema(), scan.relation()));
    if (alreadyIndexed(candidate)) {
      return null;
    }
    return new Candidate(candidate, tuples, rowsFetched, indexUsed);
  }

  /**
   * The rows the index condition reaches before the filter: a bitmap index scan's own estimate, or,
   * for an index scan (whose one row count is after the filter), the estimate of planning the
   * condition alone. -1 when that cannot be planned (a join's parameter, say).
   */
  private double rowsFetched(WastefulScans.Found found) throws SQLException {
    double inPlan = found.rowsFetchedInPlan();
    if (inPlan >= 0) {
      return inPlan;
    }
    PlanNode scan = found.scan();
    String condition =
        "SELECT /* querylens */ 1 FROM "
            + IndexSql.qualified(scan.schema(), scan.relation())
            + " "
            + IndexSql.identifier(scan.alias())
            + " WHERE "
            + GenericPlan.renumberedParameters(found.index().indexCondition());
    Savepoint savepoint = connection.setSavepoint();
    try {
      double rows = PlanReader.read(GenericPlan.explain(connection, condition)).planRows();
      connection.releaseSavepoint(savepoint);
      return rows;
    } catch (SQLException | IllegalArgumentException cannotPlan) {
      connection.rollback(savepoint);
      GenericPlan.deallocateIfPrepared(connection);
      return -1;
    }
  }

  /** The candidate's measure of the table: {@code pg_class.reltuples} or sampled live tuples. */
  long tableTuples(String schema, String table) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT /* querylens */ c.reltuples FROM pg_catalog.pg_class c"
                + " WHERE c.oid = pg_catalog.to_regclass(?)")) {
      query.setString(1, IndexSql.qualified(schema, table));
      try (ResultSet rows = query.executeQuery()) {
        if (rows.next() && rows.getDouble(1) > 0) {
          return (long) rows.getDouble(1);
        }
      }
    }
    for (TableStats stats : snapshot.tables()) {
      if (stats.schema().equals(schema) && stats.name().equals(table)) {
        return stats.liveTuples();
      }
    }
    return 0;
  }

  /** Relation names in the schema that start like the table's: the index name must be new. */
  private Set<String> takenNames(String schema, String table) throws SQLException {
    Set<String> names = new HashSet<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT /* querylens */ c.relname FROM pg_catalog.pg_class c"
                + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND left(c.relname, ?) = ?")) {
      String prefix = table.length() > 20 ? table.substring(0, 20) : table;
      query.setString(1, schema);
      query.setInt(2, prefix.length());
      query.setString(3, prefix);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }

  /**
   * An existing valid plain btree that starts with the candidate's columns would serve it: the
   * planner chose the wasteful scan anyway, so another index would not change its mind.
   */
  private boolean alreadyIndexed(IndexCandidate candidate) {
    for (IndexStats index : snapshot.indexes()) {
      if (index.schema().equals(candidate.schema())
          && index.table().equals(candidate.table())
          && index.valid()
          && index.predicate() == null
          && index.expressions() == null
          && index.columns().size() >= candidate.columns().size()
          && index.columns().subList(0, candidate.columns().size()).equals(candidate.columns())) {
        return true;
      }
    }
    return false;
  }
}
