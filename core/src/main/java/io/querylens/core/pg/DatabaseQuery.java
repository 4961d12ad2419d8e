package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The sampled database's row of {@code pg_stat_database}, its size, how many user tables it has and
 * how many databases the server has (templates aside). Tables are counted in {@code pg_class}
 * (plain and partitioned, outside the {@code pg_*} schemas and {@code information_schema}): {@code
 * pg_stat_user_tables} lists partitioned tables on newer versions only (not on 13; on 18 it does),
 * and a count that changed on upgrade would look like tables appearing.
 */
final class DatabaseQuery {

  private static final String SQL =
      "SELECT /* querylens */ d.datname, d.numbackends, d.xact_commit, d.xact_rollback, d.blks_read,"
          + " d.blks_hit, d.tup_returned, d.tup_fetched, d.tup_inserted, d.tup_updated,"
          + " d.tup_deleted, d.conflicts, d.temp_files, d.temp_bytes, d.deadlocks,"
          + " pg_database_size(d.datid) AS size_bytes, d.stats_reset,"
          + " (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'p') AND n.nspname NOT LIKE 'pg\\_%'"
          + " AND n.nspname <> 'information_schema') AS table_count,"
          + " (SELECT count(*) FROM pg_database WHERE NOT datistemplate) AS database_count"
          + " FROM pg_stat_database d WHERE d.datname = current_database()";

  private DatabaseQuery() {}

  static DatabaseStats read(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(SQL)) {
      if (!rows.next()) {
        throw new SQLException("pg_stat_database has no row for the current database", "42P01");
      }
      return new DatabaseStats(
          rows.getString("datname"),
          rows.getInt("numbackends"),
          Rows.count(rows, "xact_commit"),
          Rows.count(rows, "xact_rollback"),
          Rows.count(rows, "blks_read"),
          Rows.count(rows, "blks_hit"),
          Rows.count(rows, "tup_returned"),
          Rows.count(rows, "tup_fetched"),
          Rows.count(rows, "tup_inserted"),
          Rows.count(rows, "tup_updated"),
          Rows.count(rows, "tup_deleted"),
          Rows.count(rows, "conflicts"),
          Rows.count(rows, "temp_files"),
          Rows.count(rows, "temp_bytes"),
          Rows.count(rows, "deadlocks"),
          Rows.count(rows, "size_bytes"),
          Rows.instant(rows, "stats_reset"),
          rows.getInt("table_count"),
          rows.getInt("database_count"));
    }
  }
}
