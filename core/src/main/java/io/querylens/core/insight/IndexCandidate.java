package io.querylens.core.insight;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * An index the plan of a costly statement asks for, with the columns {@link CandidateColumns}
 * derived from a wasteful scan.
 *
 * @param name set explicitly in the {@code CREATE}, so the undo drops exactly this index
 * @param scan the scan that asked for it
 * @param path how that scan wastes reads
 */
public record IndexCandidate(
    String schema,
    String table,
    List<String> columns,
    String name,
    PlanNode scan,
    AccessPath path) {

  /** PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1). */
  private static final int MAX_NAME_BYTES = 63;

  public IndexCandidate {
    columns = List.copyOf(columns);
  }

  /**
   * The candidate for a filtered sequential scan, or null when its filter names no column this rule
   * can read.
   *
   * @param sortAbove the Sort node right above the scan, or null
   * @param takenNames index names already in use in the schema (the new name avoids them)
   */
  public static IndexCandidate of(
      PlanNode scan, PlanNode sortAbove, Collection<String> takenNames) {
    CandidateColumns derived =
        CandidateColumns.of(new WastefulScans.Found(scan, null, sortAbove), List.of());
    return derived == null ? null : withColumns(scan, derived, takenNames);
  }

  /** The candidate with {@code derived}'s columns, named uniquely among {@code takenNames}. */
  static IndexCandidate withColumns(
      PlanNode scan, CandidateColumns derived, Collection<String> takenNames) {
    List<String> columns = derived.columns();
    return new IndexCandidate(
        scan.schema(),
        scan.relation(),
        columns,
        name(scan.relation(), columns, takenNames),
        scan,
        derived.path());
  }

  public String createSql() {
    StringBuilder sql =
        new StringBuilder("CREATE INDEX CONCURRENTLY ")
            .append(IndexSql.identifier(name))
            .append(" ON ")
            .append(IndexSql.qualified(schema, table))
            .append(" (");
    appendColumns(sql);
    return sql.append(");").toString();
  }

  public String dropSql() {
    return "DROP INDEX CONCURRENTLY " + IndexSql.qualified(schema, name) + ";";
  }

  /** The {@code CREATE INDEX} HypoPG takes: no name, no CONCURRENTLY. */
  String hypotheticalSql() {
    StringBuilder sql =
        new StringBuilder("CREATE INDEX ON ")
            .append(IndexSql.qualified(schema, table))
            .append(" (");
    appendColumns(sql);
    return sql.append(')').toString();
  }

  private void appendColumns(StringBuilder sql) {
    for (int i = 0; i < columns.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(IndexSql.identifier(columns.get(i)));
    }
  }

  /** {@code table_col1_col2_idx} as PostgreSQL would choose it, unique among {@code taken}. */
  static String name(String table, List<String> columns, Collection<String> taken) {
    StringBuilder base = new StringBuilder(table);
    for (String column : columns) {
      base.append('_').append(column);
    }
    String name = truncate(base.toString(), "_idx");
    for (int n = 1; taken.contains(name); n++) {
      name = truncate(base.toString(), "_idx" + n);
    }
    return name;
  }

  private static String truncate(String base, String suffix) {
    String stem = base;
    while ((stem + suffix).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      stem = stem.substring(0, stem.length() - 1);
    }
    return stem + suffix;
  }
}
