package io.querylens.core.pg;

/**
 * The groups of statistics the sampler reads, each with its own query, so that one missing
 * extension or grant loses only its own group. Each says what to do when it cannot be read.
 */
public enum StatsFamily {
  DATABASE("pg_stat_database", "GRANT CONNECT ON DATABASE to the sampling role"),
  CONNECTIONS("pg_stat_activity", "GRANT pg_monitor to the sampling role"),
  TABLES("pg_stat_user_tables", "GRANT pg_monitor to the sampling role"),
  INDEXES("pg_stat_user_indexes", "GRANT pg_monitor to the sampling role"),
  STATEMENTS(
      "pg_stat_statements",
      "GRANT pg_monitor (or SELECT ON pg_stat_statements) to the sampling role"),
  LOCK_WAITS("pg_locks", "GRANT pg_monitor to the sampling role"),
  LOCKS("pg_locks by relation", "GRANT pg_monitor to the sampling role"),
  REPLICATION("pg_stat_replication", "GRANT pg_monitor to the sampling role"),
  BGWRITER("pg_stat_bgwriter / pg_stat_checkpointer", "GRANT pg_monitor to the sampling role"),
  IO("pg_stat_io", "GRANT pg_monitor to the sampling role"),
  WAL("pg_stat_wal", "GRANT pg_monitor to the sampling role"),
  SESSIONS("pg_stat_activity sessions", "GRANT pg_monitor to the sampling role");

  private final String source;
  private final String grantHint;

  StatsFamily(String source, String grantHint) {
    this.source = source;
    this.grantHint = grantHint;
  }

  /** The catalog views it reads, for log lines and docs/postgresql-metrics.md. */
  public String source() {
    return source;
  }

  /** What the user grants when reading it is denied. */
  public String grantHint() {
    return grantHint;
  }
}
