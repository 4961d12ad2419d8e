package io.querylens.core.insight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Index scans the advisor's own EXPLAINs caused. Planning a range or join condition can read an
 * index's extreme values (get_actual_variable_range in selfuncs.c), and PostgreSQL counts each such
 * read as an index scan in {@code pg_stat_user_indexes.idx_scan}: without subtracting them, the
 * advisor's EXPLAINs would make an unused index look used.
 *
 * <p>Read with {@code pg_stat_get_xact_numscans}, the scans of the current transaction only: exact,
 * whatever the application scans meanwhile and however late the statistics are flushed.
 */
final class PlannerProbes {

  private PlannerProbes() {}

  /** {@code schema.index} to the scans this transaction added, for indexes it scanned. */
  static Map<String, Long> thisTransaction(Connection connection) throws SQLException {
    Map<String, Long> scans = new LinkedHashMap<>();
    try (Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT /* querylens */ n.nspname, c.relname,"
                    + " pg_catalog.pg_stat_get_xact_numscans(c.oid) AS scans"
                    + " FROM pg_catalog.pg_class c"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.relkind = 'i'"
                    + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND n.nspname NOT LIKE 'pg\\_toast%'"
                    + " AND pg_catalog.pg_stat_get_xact_numscans(c.oid) > 0")) {
      while (rows.next()) {
        scans.put(rows.getString(1) + "." + rows.getString(2), rows.getLong(3));
      }
    }
    return scans;
  }
}
