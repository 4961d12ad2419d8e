package io.querylens.core.pg;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Runs each family's query on its own, so a missing extension or grant loses only that family. Each
 * distinct problem is logged once as a warning (repeats go to debug); a family that cannot work is
 * not queried again for {@link #RECHECK_RUNS} runs or until the next session.
 */
final class FamilyGuard {

  static final int RECHECK_RUNS = 30;

  /** One family's query. */
  interface Read<T> {
    T read() throws SQLException;
  }

  private final SamplerLog log;
  private String where;
  private final Map<StatsFamily, Integer> skippedUntilRun = new EnumMap<>(StatsFamily.class);
  private final Set<StatsFamily> skippedThisRun = EnumSet.noneOf(StatsFamily.class);
  private final Set<String> warned = new HashSet<>();
  private int run;

  FamilyGuard(SamplerLog log, String where) {
    this.log = log;
    this.where = where;
  }

  /** Names the sampler in log lines, e.g. once the database is known. */
  void describe(String where) {
    this.where = where;
  }

  void startRun() {
    run++;
    skippedThisRun.clear();
  }

  /** A new session may have new grants or extensions: try every family again. */
  void newSession() {
    skippedUntilRun.clear();
  }

  Set<StatsFamily> skippedThisRun() {
    return skippedThisRun.isEmpty() ? Set.of() : EnumSet.copyOf(skippedThisRun);
  }

  /**
   * The family's result, or null when it is skipped.
   *
   * @throws SQLException only when the connection is lost, which ends the whole run
   */
  <T> T read(StatsFamily family, Connection connection, String role, Read<T> read)
      throws SQLException {
    Integer until = skippedUntilRun.get(family);
    if (until != null && run < until) {
      skippedThisRun.add(family);
      return null;
    }
    try {
      T result = read.read();
      if (skippedUntilRun.remove(family) != null) {
        log.info(where + ": " + family.source() + " is readable again");
      }
      return result;
    } catch (SQLException error) {
      if (SqlErrors.connectionLost(error, connection)) {
        throw error;
      }
      skippedThisRun.add(family);
      if (SqlErrors.permanent(error)) {
        skippedUntilRun.put(family, run + RECHECK_RUNS);
      }
      report(family, error, role);
      return null;
    }
  }

  private void report(StatsFamily family, SQLException error, String role) {
    String message = where + ": skipping " + family.source() + ": " + reason(family, error, role);
    String key = family.name() + ':' + error.getSQLState() + ':' + error.getClass().getName();
    if (warned.size() < 256 && warned.add(key)) {
      log.warning(message);
    } else {
      log.debug(message);
    }
  }

  private String reason(StatsFamily family, SQLException error, String role) {
    if (error instanceof FamilyUnavailableException) {
      return error.getMessage();
    }
    String state = error.getSQLState() == null ? "" : error.getSQLState();
    switch (state) {
      case SqlErrors.INSUFFICIENT_PRIVILEGE:
        return "permission denied for role " + role + " (" + family.grantHint() + ")";
      case SqlErrors.OBJECT_NOT_IN_PREREQUISITE_STATE:
        if (family == StatsFamily.STATEMENTS) {
          return "pg_stat_statements is installed but not loaded (add it to"
              + " shared_preload_libraries and restart PostgreSQL)";
        }
        return SafeText.describe(error);
      case SqlErrors.QUERY_CANCELED:
        return "took longer than statement_timeout; skipped this run";
      case SqlErrors.LOCK_NOT_AVAILABLE:
        return "waited longer than lock_timeout; skipped this run";
      default:
        return SafeText.describe(error);
    }
  }
}
