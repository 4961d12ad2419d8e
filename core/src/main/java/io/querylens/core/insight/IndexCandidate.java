package io.querylens.core.insight;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * An index the plan of a costly statement asks for: a sequential scan with a filter on a large
 * table becomes a btree on the filtered columns (equality columns first, then one range column),
 * followed by the keys of a Sort right above the scan when they can ride along.
 *
 * @param name set explicitly in the {@code CREATE}, so the undo drops exactly this index
 * @param scan the sequential scan that asked for it
 */
public record IndexCandidate(
    String schema, String table, List<String> columns, String name, PlanNode scan) {

  /** PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1). */
  private static final int MAX_NAME_BYTES = 63;

  public IndexCandidate {
    columns = List.copyOf(columns);
  }

  /**
   * The candidate for {@code scan}, or null when its filter names no column this rule can read.
   *
   * @param sortAbove the Sort node right above the scan, or null
   * @param takenNames index names already in use in the schema (the new name avoids them)
   */
  public static IndexCandidate of(
      PlanNode scan, PlanNode sortAbove, Collection<String> takenNames) {
    FilterColumns filter = FilterColumns.of(scan.filter(), scan.alias());
    if (filter.isEmpty()) {
      return null;
    }
    List<String> columns = new ArrayList<>(filter.equality());
    if (!filter.range().isEmpty()) {
      columns.add(filter.range().get(0));
    }
    List<String> sorted = sortColumns(sortAbove, scan.alias());
    // An index gives the order for free only when the sort keys follow the equality columns
    // directly (or start with the one range column).
    if (!sorted.isEmpty()
        && (filter.range().isEmpty() || filter.range().get(0).equals(sorted.get(0)))) {
      for (String column : sorted) {
        if (!columns.contains(column)) {
          columns.add(column);
        }
      }
    }
    return new IndexCandidate(
        scan.schema(), scan.relation(), columns, name(scan.relation(), columns, takenNames), scan);
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

  /** Plain columns of this relation, all in one direction; otherwise none. */
  private static List<String> sortColumns(PlanNode sort, String alias) {
    List<String> columns = new ArrayList<>();
    if (sort == null) {
      return columns;
    }
    Boolean descending = null;
    for (String key : sort.sortKeys()) {
      boolean desc = key.endsWith(" DESC") || key.contains(" DESC ");
      String expression = key;
      int space = key.indexOf(' ');
      if (space > 0 && key.charAt(0) != '"') {
        expression = key.substring(0, space);
      }
      String column = FilterColumns.column(expression, alias);
      if (column == null || (descending != null && descending != desc)) {
        return List.of();
      }
      descending = desc;
      columns.add(column);
    }
    return columns;
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
