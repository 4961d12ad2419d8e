package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.TableStats;
import java.util.ArrayList;
import java.util.List;

/**
 * How much a table is written against how often it is read, and how many indexes each write
 * updates: what makes one more index costly ({@code missing_index}'s risk) and what makes a table
 * write-amplified.
 *
 * @param writes rows inserted, updated and deleted since the statistics reset
 * @param nonHotUpdates updates that had to write every index (not heap-only)
 * @param inserts rows inserted
 * @param reads sequential and index scans
 * @param indexes the table's indexes in the snapshot
 */
record WriteLoad(
    long writes, long inserts, long nonHotUpdates, long reads, List<IndexStats> indexes) {

  /** A table with at least this many indexes has many already. */
  static final int MANY_INDEXES = 4;

  /** At least this many writes, and more than its reads, make a table write-heavy. */
  static final long MIN_WRITES = 1_000;

  static WriteLoad of(TableStats table, List<IndexStats> all) {
    List<IndexStats> indexes = new ArrayList<>();
    for (IndexStats index : all) {
      if (index.schema().equals(table.schema()) && index.table().equals(table.name())) {
        indexes.add(index);
      }
    }
    return new WriteLoad(
        table.inserts() + table.updates() + table.deletes(),
        table.inserts(),
        table.updates() - table.hotUpdates(),
        table.seqScans() + table.indexScans(),
        List.copyOf(indexes));
  }

  /** The table's load in {@code snapshot}; null when the snapshot does not hold the table. */
  static WriteLoad of(Snapshot snapshot, String schema, String table) {
    for (TableStats stats : snapshot.tables()) {
      if (stats.schema().equals(schema) && stats.name().equals(table)) {
        return of(stats, snapshot.indexes());
      }
    }
    return null;
  }

  boolean writeHeavy() {
    return writes >= MIN_WRITES && writes > reads;
  }

  boolean manyIndexes() {
    return indexes.size() >= MANY_INDEXES;
  }

  /**
   * Index entries written: one per index for each insert and non-HOT update (deletes only mark heap
   * tuples; vacuum removes the index entries later).
   */
  long indexEntriesWrittenPerIndex() {
    return inserts + nonHotUpdates;
  }

  /**
   * The risk of adding an index: high on a write-heavy table or one with many indexes already,
   * where every insert and non-HOT update would write it too (and an index on an updated column
   * turns HOT updates into non-HOT ones); medium otherwise.
   */
  Risk riskOfAddingAnIndex() {
    return writeHeavy() || manyIndexes() ? Risk.HIGH : Risk.MEDIUM;
  }
}
