package io.querylens.core.insight;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;

/**
 * Inside a planning transaction: unqualified names resolve as the application's connections resolve
 * them. The sampler's session sets {@code search_path = pg_catalog} for its own queries; the
 * application's schema ({@code currentSchema}), when the agent saw one, else the session's default,
 * which a configured sampler URL may not share with the application.
 */
final class PlanningSearchPath {

  private PlanningSearchPath() {}

  /**
   * @param applicationSearchPath the application's {@code search_path}, or null when none was seen
   */
  static void set(Connection connection, String applicationSearchPath) throws SQLException {
    if (applicationSearchPath != null) {
      Savepoint savepoint = connection.setSavepoint();
      // A bound value: the application's setting is data here, never SQL text.
      try (PreparedStatement sql =
          connection.prepareStatement(
              "SELECT /* querylens */ pg_catalog.set_config('search_path', ?, true)")) {
        sql.setString(1, applicationSearchPath);
        sql.executeQuery().close();
        connection.releaseSavepoint(savepoint);
        return;
      } catch (SQLException malformed) {
        connection.rollback(savepoint);
      }
    }
    try (Statement sql = connection.createStatement()) {
      sql.execute("SET LOCAL search_path TO DEFAULT");
    }
  }
}
