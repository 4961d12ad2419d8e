package io.querylens.core.insight;

import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.StatementStats;
import io.querylens.core.stats.ObservedStatement;
import io.querylens.core.stats.ObservedStatements;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement the missing-index round may explain, from either source: pg_stat_statements (what the
 * whole server ran, {@code $n} parameters) or the agent's own measurements (what this application
 * ran, its sanitized text with {@code ?} where binds and literals were).
 *
 * @param idKey the evidence key that names it: {@code queryid} or {@code fingerprint}
 * @param id its queryid or fingerprint
 * @param query text with {@code $n} parameters, as EXPLAIN takes it
 * @param blocksPerRow shared blocks hit or read per returned row (pg_stat_statements), which
 *     corroborates a plan's wasted reads; -1 when unknown (the agent's own measurements)
 */
record PlannedStatement(
    String idKey,
    String id,
    String query,
    long calls,
    double totalMillis,
    double meanMillis,
    double blocksPerRow) {

  /**
   * Every statement either source holds: {@code snapshot}'s pg_stat_statements entries and the
   * shapes the agent measured (with executions, the folded "other" entry aside, and not those it
   * saw only on other databases), unordered.
   */
  static List<PlannedStatement> allOf(Snapshot snapshot, List<ObservedStatement> observed) {
    List<PlannedStatement> statements = new ArrayList<>();
    for (StatementStats statement : snapshot.statements()) {
      statements.add(of(statement));
    }
    String database = snapshot.server().database();
    for (ObservedStatement statement : observed) {
      if (statement.calls() > 0
          && !ObservedStatements.OTHER.equals(statement.fingerprint())
          && mayRunOn(statement, database)) {
        statements.add(of(statement));
      }
    }
    return statements;
  }

  /**
   * Whether the shape ran on {@code database} as far as the agent knows: yes when it does not know
   * ({@code db.namespace} unknown), else when it ran there. A shape of another database would only
   * fail to plan here.
   */
  static boolean mayRunOn(ObservedStatement statement, String database) {
    return statement.databases().isEmpty()
        || statement.ranOnMoreDatabases()
        || database == null
        || statement.databases().contains(database);
  }

  /** What names it in the refresh's schedule: {@code queryid:<id>} or {@code fingerprint:<id>}. */
  String scheduleKey() {
    return idKey + ":" + id;
  }

  static PlannedStatement of(StatementStats statement) {
    return new PlannedStatement(
        "queryid",
        Long.toString(statement.queryId()),
        statement.query(),
        statement.calls(),
        statement.totalMillis(),
        statement.meanMillis(),
        statement.rows() == 0
            ? -1
            : (statement.sharedBlocksHit() + statement.sharedBlocksRead())
                / (double) statement.rows());
  }

  /** The agent's measurement of a shape; its text's {@code ?} become {@code $1, $2, ...}. */
  static PlannedStatement of(ObservedStatement statement) {
    long calls = statement.calls();
    double totalMillis = statement.totalNanos() / 1e6;
    return new PlannedStatement(
        "fingerprint",
        statement.fingerprint(),
        numberedParameters(statement.sanitizedText()),
        calls,
        totalMillis,
        calls == 0 ? 0 : totalMillis / calls,
        -1);
  }

  /**
   * {@code ?} placeholders numbered as PostgreSQL's {@code $n}, left alone inside quoted names and
   * strings (a sanitized text has no literals left, but a name may hold a {@code ?}). A {@code ?}
   * that is really an operator makes a text EXPLAIN rejects: the round skips and counts it.
   */
  static String numberedParameters(String sanitized) {
    StringBuilder text = new StringBuilder(sanitized.length() + 16);
    int parameter = 0;
    char quote = 0;
    for (int i = 0; i < sanitized.length(); i++) {
      char c = sanitized.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
        text.append(c);
      } else if (c == '"' || c == '\'') {
        quote = c;
        text.append(c);
      } else if (c == '?') {
        text.append('$').append(++parameter);
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }
}
