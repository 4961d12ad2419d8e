package io.querylens.core.insight;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of the index a wasteful scan asks for, read from its plan alone (pure, so each access
 * path's derivation is tested from real plan JSON):
 *
 * <ul>
 *   <li>a filtered sequential scan: the filter's equality columns, then one range column;
 *   <li>an index scan with a residual filter: the used index's key prefix that the index condition
 *       fixes by equality, then the filter's equality columns, then one range column;
 *   <li>an index scan whose condition misses the index's first column: the searched columns.
 * </ul>
 *
 * <p>In every case the keys of a Sort right above follow, when the index can give that order.
 *
 * @param path which of the three it is
 * @param columns the proposed index's columns, in order
 */
record CandidateColumns(AccessPath path, List<String> columns) {

  CandidateColumns {
    columns = List.copyOf(columns);
  }

  /**
   * The columns for {@code found}, or null when the plan shows no waste this rule can name.
   *
   * @param indexKeys the key columns of the index {@code found} uses, in order (empty for a
   *     sequential scan, or when the index has an expression or predicate: nothing to extend)
   */
  static CandidateColumns of(WastefulScans.Found found, List<String> indexKeys) {
    PlanNode scan = found.scan();
    FilterColumns filter = FilterColumns.of(scan.filter(), scan.alias());
    if (found.sequential()) {
      return filter.isEmpty() ? null : withSort(AccessPath.SEQUENTIAL_SCAN, filter, found);
    }
    if (indexKeys.isEmpty()) {
      return null;
    }
    FilterColumns condition = FilterColumns.of(found.index().indexCondition(), scan.alias());
    if (condition.isEmpty()) {
      return null;
    }
    String leading = indexKeys.get(0);
    if (!condition.equality().contains(leading) && !condition.range().contains(leading)) {
      return withSort(AccessPath.NON_LEADING_COLUMN, merged(condition, filter), found);
    }
    if (filter.isEmpty()) {
      return null;
    }
    return withSort(
        AccessPath.RESIDUAL_FILTER, extendedPrefix(indexKeys, condition, filter), found);
  }

  /**
   * The index's leading key columns the condition fixes by equality, then the filter's equality
   * columns; the range columns of both follow, the condition's first (it bounds the next key).
   */
  private static FilterColumns extendedPrefix(
      List<String> indexKeys, FilterColumns condition, FilterColumns filter) {
    List<String> equality = new ArrayList<>();
    for (String key : indexKeys) {
      if (!condition.equality().contains(key)) {
        break;
      }
      equality.add(key);
    }
    List<String> range = new ArrayList<>();
    for (String column : condition.range()) {
      if (!equality.contains(column)) {
        range.add(column);
      }
    }
    // A condition column past the prefix (a=$1 AND c=$2 on key (a, b, c)) is checked in the index,
    // not the heap: it joins the filtered equality columns.
    for (String column : condition.equality()) {
      if (!equality.contains(column)) {
        equality.add(column);
      }
    }
    addMissing(equality, filter.equality());
    addMissing(range, filter.range());
    range.removeAll(equality);
    return new FilterColumns(equality, range);
  }

  /** The searched columns of the condition first, then what the filter adds. */
  private static FilterColumns merged(FilterColumns condition, FilterColumns filter) {
    List<String> equality = new ArrayList<>(condition.equality());
    addMissing(equality, filter.equality());
    List<String> range = new ArrayList<>(condition.range());
    addMissing(range, filter.range());
    range.removeAll(equality);
    return new FilterColumns(equality, range);
  }

  private static void addMissing(List<String> into, List<String> columns) {
    for (String column : columns) {
      if (!into.contains(column)) {
        into.add(column);
      }
    }
  }

  /** Equality columns first, then one range column, then the sort keys when they can ride along. */
  private static CandidateColumns withSort(
      AccessPath path, FilterColumns filter, WastefulScans.Found found) {
    List<String> columns = new ArrayList<>(filter.equality());
    if (!filter.range().isEmpty()) {
      columns.add(filter.range().get(0));
    }
    List<String> sorted = sortColumns(found.sortAbove(), found.scan().alias());
    // An index gives the order for free only when the sort keys follow the equality columns
    // directly (or start with the one range column).
    if (!sorted.isEmpty()
        && (filter.range().isEmpty() || filter.range().get(0).equals(sorted.get(0)))) {
      addMissing(columns, sorted);
    }
    return new CandidateColumns(path, columns);
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
}
