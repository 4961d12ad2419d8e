package io.querylens.core.insight;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * HypoPG, when the database has it: a hypothetical index lives only in this session's planner, so
 * the advisor can ask "would the plan use it, and how much cheaper would it be" without building
 * anything. The advisor never installs it (that is DDL).
 *
 * @param schema the extension's schema when installed, else null
 * @param available whether the server could install it ({@code pg_available_extensions})
 */
record HypoPg(String schema, boolean available) {

  /** The plan's cost with the candidate in place; {@code used} says whether the plan chose it. */
  record Verdict(boolean used, double costBefore, double costAfter) {
    boolean cheaper() {
      return used && costAfter < costBefore;
    }
  }

  static HypoPg find(Connection connection) throws SQLException {
    try (Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT /* querylens */ (SELECT n.nspname FROM pg_catalog.pg_extension e"
                    + " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
                    + " WHERE e.extname = 'hypopg') AS schema,"
                    + " EXISTS (SELECT 1 FROM pg_catalog.pg_available_extensions"
                    + " WHERE name = 'hypopg') AS available")) {
      rows.next();
      return new HypoPg(rows.getString("schema"), rows.getBoolean("available"));
    }
  }

  boolean installed() {
    return schema != null;
  }

  /**
   * HypoPG's verdict on {@code candidate} for {@code query}, or null when it is not installed or
   * the check failed (the round goes on: the savepoint taken here undoes the failure).
   */
  Verdict verdictOrNull(
      Connection connection, String query, IndexCandidate candidate, double costBefore)
      throws SQLException {
    if (!installed()) {
      return null;
    }
    Savepoint savepoint = connection.setSavepoint();
    try {
      Verdict verdict = verify(connection, query, candidate, costBefore);
      connection.releaseSavepoint(savepoint);
      return verdict;
    } catch (SQLException | IllegalArgumentException e) {
      connection.rollback(savepoint);
      GenericPlan.deallocateIfPrepared(connection);
      return null;
    }
  }

  /**
   * Plans {@code query} again with {@code candidate} as a hypothetical index, then forgets every
   * hypothetical index of this session. The caller holds a savepoint.
   */
  Verdict verify(Connection connection, String query, IndexCandidate candidate, double costBefore)
      throws SQLException {
    String functions = IndexSql.identifier(schema) + ".";
    try (PreparedStatement create =
        connection.prepareStatement(
            "SELECT /* querylens */ indexname FROM " + functions + "hypopg_create_index(?)")) {
      create.setString(1, candidate.hypotheticalSql());
      String hypothetical;
      try (ResultSet rows = create.executeQuery()) {
        rows.next();
        hypothetical = rows.getString(1);
      }
      try {
        PlanNode after = PlanReader.read(GenericPlan.explain(connection, query));
        return new Verdict(after.uses(hypothetical), costBefore, after.totalCost());
      } finally {
        try (Statement sql = connection.createStatement()) {
          sql.execute("SELECT /* querylens */ " + functions + "hypopg_reset()");
        }
      }
    }
  }
}
