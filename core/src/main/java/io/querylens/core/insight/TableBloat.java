package io.querylens.core.insight;

/**
 * A table's bloat as {@code pgstattuple_approx} measured it: the share of the table that is dead
 * rows and free space, space that a sequential scan reads for nothing.
 *
 * @param tableBytes {@code table_len}
 * @param deadTuplePercent {@code dead_tuple_percent}
 * @param freePercent {@code approx_free_percent}
 */
public record TableBloat(
    String schema, String table, long tableBytes, double deadTuplePercent, double freePercent) {

  /** Dead rows and free space as a share of the table, 0 to 1. */
  public double ratio() {
    return Math.min(1, (deadTuplePercent + freePercent) / 100);
  }

  String key() {
    return schema + "." + table;
  }
}
