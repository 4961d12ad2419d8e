package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The include/exclude settings as a SQL condition, so PostgreSQL filters and ranks before sending
 * rows: {@code *} wildcards become {@code LIKE} patterns bound as text arrays.
 */
final class RelationFilter {

  private final List<String> includeSchemas;
  private final List<String> excludeSchemas;
  private final List<String> includeTables;
  private final List<String> excludeTables;

  RelationFilter(SamplerSettings settings) {
    this.includeSchemas = likePatterns(settings.includeSchemas());
    this.excludeSchemas = likePatterns(settings.excludeSchemas());
    this.includeTables = likePatterns(settings.includeTables());
    this.excludeTables = likePatterns(settings.excludeTables());
  }

  /** {@code AND ...} conditions over the given columns, with placeholders {@link #bind} fills. */
  String conditions(String schemaColumn, String tableColumn) {
    StringBuilder sql = new StringBuilder();
    String qualified = schemaColumn + " || '.' || " + tableColumn;
    if (!includeSchemas.isEmpty()) {
      sql.append(" AND ").append(schemaColumn).append(" LIKE ANY (?)");
    }
    if (!excludeSchemas.isEmpty()) {
      sql.append(" AND NOT ").append(schemaColumn).append(" LIKE ANY (?)");
    }
    if (!includeTables.isEmpty()) {
      sql.append(" AND (")
          .append(tableColumn)
          .append(" LIKE ANY (?) OR ")
          .append(qualified)
          .append(" LIKE ANY (?))");
    }
    if (!excludeTables.isEmpty()) {
      sql.append(" AND NOT (")
          .append(tableColumn)
          .append(" LIKE ANY (?) OR ")
          .append(qualified)
          .append(" LIKE ANY (?))");
    }
    return sql.toString();
  }

  /** Binds the patterns from parameter {@code index} on; returns the next free index. */
  int bind(Connection connection, PreparedStatement statement, int index) throws SQLException {
    int next = index;
    if (!includeSchemas.isEmpty()) {
      statement.setArray(next++, array(connection, includeSchemas));
    }
    if (!excludeSchemas.isEmpty()) {
      statement.setArray(next++, array(connection, excludeSchemas));
    }
    if (!includeTables.isEmpty()) {
      statement.setArray(next++, array(connection, includeTables));
      statement.setArray(next++, array(connection, includeTables));
    }
    if (!excludeTables.isEmpty()) {
      statement.setArray(next++, array(connection, excludeTables));
      statement.setArray(next++, array(connection, excludeTables));
    }
    return next;
  }

  private static java.sql.Array array(Connection connection, List<String> patterns)
      throws SQLException {
    return connection.createArrayOf("text", patterns.toArray(new String[0]));
  }

  /** {@code orders_*} becomes {@code orders\_%}: LIKE's own wildcards are escaped first. */
  static String likePattern(String glob) {
    StringBuilder like = new StringBuilder(glob.length() + 4);
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        like.append('%');
      } else {
        if (c == '%' || c == '_' || c == '\\') {
          like.append('\\');
        }
        like.append(c);
      }
    }
    return like.toString();
  }

  private static List<String> likePatterns(List<String> globs) {
    String[] patterns = new String[globs.size()];
    for (int i = 0; i < patterns.length; i++) {
      patterns[i] = likePattern(globs.get(i).trim());
    }
    return List.of(patterns);
  }
}
