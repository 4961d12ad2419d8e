package io.querylens.core.insight;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The generic plan of a normalized statement ({@code $1} for every constant), without running it:
 * the text is prepared (PostgreSQL infers the parameters' types from their use) and its generic
 * plan explained with {@code plan_cache_mode = force_generic_plan}. Never {@code ANALYZE}: nothing
 * is executed.
 *
 * <p>Not {@code EXPLAIN (GENERIC_PLAN)} (16+), although it gives the same plan: over the extended
 * query protocol, which JDBC drivers use, the server registers the text's {@code $n} as parameters
 * of the EXPLAIN itself at Parse, and the Bind that supplies none fails ("bind message supplies 0
 * parameters, but prepared statement requires 1"). PREPARE's body is only parsed when it runs.
 */
final class GenericPlan {

  private static final String PREPARED = "querylens_missing_index_probe";

  private GenericPlan() {}

  /** The plan's JSON; the caller holds a savepoint, as a failure aborts the transaction. */
  static String explain(Connection connection, String query) throws SQLException {
    try (Statement sql = connection.createStatement()) {
      // The text is PostgreSQL's, not JDBC's: no {fn ...} escapes to rewrite.
      sql.setEscapeProcessing(false);
      sql.execute("SET LOCAL plan_cache_mode = force_generic_plan");
      sql.execute("PREPARE " + PREPARED + " AS " + query);
      try {
        return single(
            sql,
            "EXPLAIN (FORMAT JSON, VERBOSE) EXECUTE "
                + PREPARED
                + nullArguments(parameters(query)));
      } finally {
        deallocate(connection);
      }
    }
  }

  /**
   * PREPARE outlives a rollback, so it is deallocated whatever happened; in an aborted transaction
   * DEALLOCATE fails too, so the caller calls this again after rolling back to its savepoint.
   */
  static void deallocate(Connection connection) {
    try (Statement sql = connection.createStatement()) {
      sql.execute("DEALLOCATE " + PREPARED);
    } catch (SQLException aborted) {
      // The caller rolls back to its savepoint and calls deallocateIfPrepared.
    }
  }

  /** After a rollback to a savepoint: DEALLOCATE only what exists, as a failure would abort. */
  static void deallocateIfPrepared(Connection connection) throws SQLException {
    boolean prepared;
    try (Statement sql = connection.createStatement();
        ResultSet rows =
            sql.executeQuery(
                "SELECT /* querylens */ count(*) FROM pg_catalog.pg_prepared_statements"
                    + " WHERE name = '"
                    + PREPARED
                    + "'")) {
      rows.next();
      prepared = rows.getLong(1) > 0;
    }
    if (prepared) {
      try (Statement sql = connection.createStatement()) {
        sql.execute("DEALLOCATE " + PREPARED);
      }
    }
  }

  private static String single(Statement sql, String explain) throws SQLException {
    try (ResultSet rows = sql.executeQuery(explain)) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** The highest {@code $n} outside quotes: how many parameters the prepared statement takes. */
  static int parameters(String query) {
    int highest = 0;
    char quote = 0;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '$' && i + 1 < query.length() && Character.isDigit(query.charAt(i + 1))) {
        int n = 0;
        int j = i + 1;
        while (j < query.length() && Character.isDigit(query.charAt(j)) && n < 100_000) {
          n = n * 10 + (query.charAt(j) - '0');
          j++;
        }
        highest = Math.max(highest, n);
        i = j - 1;
      }
    }
    return highest;
  }

  /**
   * {@code $n} outside quotes renumbered {@code $1, $2, ...} in order of first appearance: a part
   * of a statement (an index condition) may use {@code $2} alone, and PREPARE cannot type a {@code
   * $1} that nothing uses.
   */
  static String renumberedParameters(String query) {
    StringBuilder text = new StringBuilder(query.length());
    java.util.Map<Integer, Integer> numbers = new java.util.HashMap<>();
    char quote = 0;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
        text.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        text.append(c);
      } else if (c == '$' && i + 1 < query.length() && Character.isDigit(query.charAt(i + 1))) {
        int n = 0;
        int j = i + 1;
        while (j < query.length() && Character.isDigit(query.charAt(j)) && n < 100_000) {
          n = n * 10 + (query.charAt(j) - '0');
          j++;
        }
        text.append('$').append(numbers.computeIfAbsent(n, k -> numbers.size() + 1));
        i = j - 1;
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }

  private static String nullArguments(int count) {
    if (count == 0) {
      return "";
    }
    StringBuilder arguments = new StringBuilder("(");
    for (int i = 0; i < count; i++) {
      arguments.append(i == 0 ? "NULL" : ", NULL");
    }
    return arguments.append(')').toString();
  }
}
