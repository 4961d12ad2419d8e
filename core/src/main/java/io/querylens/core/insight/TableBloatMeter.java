package io.querylens.core.insight;

import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.TableStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Measures the bloat of the largest tables with {@code pgstattuple_approx} when the database has
 * the pgstattuple extension and the role may run it ({@code pg_stat_scan_tables}, part of {@code
 * pg_monitor}). It reads only the pages the visibility map does not mark all-visible, under {@code
 * statement_timeout} and {@code lock_timeout}, in a read-only transaction that is rolled back. The
 * advisor never installs the extension. Without it, one line says so and the bloat finding keeps
 * its dead-tuple estimate.
 *
 * @see <a href="https://www.postgresql.org/docs/current/pgstattuple.html">pgstattuple</a>
 */
public final class TableBloatMeter {

  /** How many of the largest tables are measured. */
  public static final int DEFAULT_MAX_TABLES = 10;

  private static final String PERMISSION_DENIED = "42501";

  private final int maxTables;
  private final Duration statementTimeout;
  private final Duration lockTimeout;

  public TableBloatMeter(int maxTables, Duration statementTimeout, Duration lockTimeout) {
    this.maxTables = maxTables;
    this.statementTimeout = statementTimeout;
    this.lockTimeout = lockTimeout;
  }

  public static TableBloatMeter defaults() {
    return new TableBloatMeter(DEFAULT_MAX_TABLES, Duration.ofSeconds(5), Duration.ofMillis(500));
  }

  /**
   * The measured tables; empty (with one line on {@code log}) when pgstattuple is absent or denied.
   *
   * @throws SQLException only when the session itself fails
   */
  public List<TableBloat> measure(
      Connection connection, Snapshot snapshot, Thresholds thresholds, SamplerLog log)
      throws SQLException {
    List<TableStats> largest = largest(snapshot.tables(), thresholds.bloatMinTuples());
    if (largest.isEmpty()) {
      return List.of();
    }
    String where = "QueryLens advisor for " + snapshot.server().database();
    String schema = extensionSchema(connection);
    if (schema == null) {
      log.warning(
          where
              + ": pgstattuple is not installed, so table bloat is estimated from dead tuples"
              + " (CREATE EXTENSION pgstattuple lets the advisor measure it)");
      return List.of();
    }
    return ReadOnlyTransaction.run(
        connection,
        statementTimeout,
        lockTimeout,
        inside -> measure(inside, IndexSql.identifier(schema), largest, where, log));
  }

  private List<TableBloat> measure(
      Connection connection, String schema, List<TableStats> tables, String where, SamplerLog log)
      throws SQLException {
    List<TableBloat> measured = new ArrayList<>();
    int failed = 0;
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT /* querylens */ table_len, dead_tuple_percent, approx_free_percent FROM "
                + schema
                + ".pgstattuple_approx(?::regclass)")) {
      for (TableStats table : tables) {
        Savepoint savepoint = connection.setSavepoint();
        try {
          query.setString(1, IndexSql.qualified(table.schema(), table.name()));
          try (ResultSet row = query.executeQuery()) {
            row.next();
            measured.add(
                new TableBloat(
                    table.schema(),
                    table.name(),
                    row.getLong(1),
                    row.getDouble(2),
                    row.getDouble(3)));
          }
          connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
          connection.rollback(savepoint);
          if (PERMISSION_DENIED.equals(e.getSQLState())) {
            log.warning(
                where
                    + ": this role may not run pgstattuple_approx, so table bloat is estimated"
                    + " from dead tuples (GRANT pg_stat_scan_tables, or pg_monitor, to it)");
            return List.of();
          }
          failed++;
        }
      }
    }
    if (failed > 0) {
      log.warning(
          where
              + ": pgstattuple_approx failed on "
              + failed
              + " of "
              + tables.size()
              + " tables (a timeout or a lock); their bloat is estimated from dead tuples");
    }
    return measured;
  }

  /** The largest tables with enough tuples for the bloat rule to judge, by heap size. */
  private List<TableStats> largest(List<TableStats> tables, long minTuples) {
    List<TableStats> candidates = new ArrayList<>();
    for (TableStats table : tables) {
      if (table.liveTuples() + table.deadTuples() >= minTuples) {
        candidates.add(table);
      }
    }
    candidates.sort(Comparator.comparingLong(TableStats::heapBytes).reversed());
    return candidates.size() > maxTables ? candidates.subList(0, maxTables) : candidates;
  }

  static String extensionSchema(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT /* querylens */ n.nspname FROM pg_catalog.pg_extension e"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
                    + " WHERE e.extname = 'pgstattuple'")) {
      return rows.next() ? rows.getString(1) : null;
    }
  }
}
