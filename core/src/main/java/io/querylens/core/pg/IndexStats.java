package io.querylens.core.pg;

import java.time.Instant;
import java.util.List;

/**
 * One user index: usage from {@code pg_stat_user_indexes}, I/O, size and what it is ({@code
 * pg_index}).
 *
 * @param lastScan {@code last_idx_scan}, PostgreSQL 16+; null before 16 or when never scanned
 * @param definition {@code pg_get_indexdef()}; null in a sample taken while its table was locked
 *     (e.g. by ALTER TABLE), when the size is also {@code relpages}-based
 * @param columns the key and included columns that are plain columns, in index order
 * @param predicate the {@code WHERE} of a partial index, or null
 * @param expressions the indexed expressions, or null
 * @param backsConstraint whether a constraint (primary key, unique, exclusion) uses it
 * @param foreignKeys the foreign keys of its table whose columns are its leading key columns: the
 *     lookups (on a delete or key update of the referenced row) that can use it
 */
public record IndexStats(
    String schema,
    String table,
    String name,
    long scans,
    long tuplesRead,
    long tuplesFetched,
    Instant lastScan,
    long sizeBytes,
    long blocksRead,
    long blocksHit,
    String definition,
    List<String> columns,
    String method,
    String predicate,
    String expressions,
    boolean valid,
    boolean ready,
    boolean primary,
    boolean unique,
    boolean exclusion,
    boolean backsConstraint,
    boolean replicaIdentity,
    List<String> foreignKeys) {

  public IndexStats {
    columns = List.copyOf(columns);
    foreignKeys = List.copyOf(foreignKeys);
  }

  /** An index serving no foreign key. */
  public IndexStats(
      String schema,
      String table,
      String name,
      long scans,
      long tuplesRead,
      long tuplesFetched,
      Instant lastScan,
      long sizeBytes,
      long blocksRead,
      long blocksHit,
      String definition,
      List<String> columns,
      String method,
      String predicate,
      String expressions,
      boolean valid,
      boolean ready,
      boolean primary,
      boolean unique,
      boolean exclusion,
      boolean backsConstraint,
      boolean replicaIdentity) {
    this(
        schema,
        table,
        name,
        scans,
        tuplesRead,
        tuplesFetched,
        lastScan,
        sizeBytes,
        blocksRead,
        blocksHit,
        definition,
        columns,
        method,
        predicate,
        expressions,
        valid,
        ready,
        primary,
        unique,
        exclusion,
        backsConstraint,
        replicaIdentity,
        List.of());
  }

  /** The same index as {@code schema.table} names it, for joins with other statistics. */
  public boolean on(String schema, String table) {
    return this.schema.equals(schema) && this.table.equals(table);
  }

  /** Whether its SQL definition is known (not left out by a sample's lock fallback). */
  public boolean definitionKnown() {
    return definition != null;
  }
}
