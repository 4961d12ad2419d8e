package io.querylens.exporter.metrics;

/**
 * Every metric the producer exports. Names, units and attribute names follow the OpenTelemetry
 * Collector's postgresqlreceiver where it has the metric; the rest are named in its style (the
 * docs/postgresql-metrics.md lists each with its source view).
 */
enum PgMetric {
  // pg_stat_database, per database
  BACKENDS("postgresql.backends", "The number of backends.", "1", Kind.UP_DOWN),
  COMMITS("postgresql.commits", "The number of commits.", "1", Kind.COUNTER),
  ROLLBACKS("postgresql.rollbacks", "The number of rollbacks.", "1", Kind.COUNTER),
  BLKS_HIT(
      "postgresql.blks_hit",
      "Number of times disk blocks were found already in the buffer cache.",
      "{blks_hit}",
      Kind.COUNTER),
  BLKS_READ(
      "postgresql.blks_read",
      "Number of disk blocks read in this database.",
      "{blks_read}",
      Kind.COUNTER),
  TUP_RETURNED(
      "postgresql.tup_returned",
      "Number of rows returned by queries in the database.",
      "{tup_returned}",
      Kind.COUNTER),
  TUP_FETCHED(
      "postgresql.tup_fetched",
      "Number of rows fetched by queries in the database.",
      "{tup_fetched}",
      Kind.COUNTER),
  TUP_INSERTED(
      "postgresql.tup_inserted",
      "Number of rows inserted by queries in the database.",
      "{tup_inserted}",
      Kind.COUNTER),
  TUP_UPDATED(
      "postgresql.tup_updated",
      "Number of rows updated by queries in the database.",
      "{tup_updated}",
      Kind.COUNTER),
  TUP_DELETED(
      "postgresql.tup_deleted",
      "Number of rows deleted by queries in the database.",
      "{tup_deleted}",
      Kind.COUNTER),
  DEADLOCKS("postgresql.deadlocks", "The number of deadlocks.", "{deadlock}", Kind.COUNTER),
  TEMP_FILES("postgresql.temp_files", "The number of temp files.", "{temp_file}", Kind.COUNTER),
  TEMP_IO(
      "postgresql.temp.io",
      "Total amount of data written to temporary files by queries.",
      "By",
      Kind.COUNTER),
  DB_SIZE("postgresql.db_size", "The database disk usage.", "By", Kind.UP_DOWN),
  TABLE_COUNT(
      "postgresql.table.count", "Number of user tables in a database.", "{table}", Kind.UP_DOWN),
  DATABASE_COUNT(
      "postgresql.database.count", "Number of user databases.", "{databases}", Kind.UP_DOWN),
  CONFLICTS(
      "postgresql.database.conflicts",
      "Queries canceled due to conflicts with recovery (standbys only).",
      "{query}",
      Kind.COUNTER),

  // pg_stat_activity, per server
  CONNECTION_MAX(
      "postgresql.connection.max",
      "Configured maximum number of client connections allowed",
      "{connections}",
      Kind.GAUGE),
  CONNECTION_COUNT(
      "postgresql.connection.count", "Client sessions by state.", "{connection}", Kind.UP_DOWN),
  OLDEST_TRANSACTION_AGE(
      "postgresql.transaction.oldest.age",
      "Age of the oldest open transaction in the database.",
      "s",
      Kind.GAUGE_DOUBLE),

  // pg_stat_user_tables, pg_statio_user_tables, per table
  SEQUENTIAL_SCANS(
      "postgresql.sequential_scans",
      "The number of sequential scans.",
      "{sequential_scan}",
      Kind.COUNTER),
  SEQUENTIAL_SCAN_ROWS(
      "postgresql.table.sequential_scan.rows",
      "Rows read by sequential scans.",
      "{row}",
      Kind.COUNTER),
  TABLE_INDEX_SCANS(
      "postgresql.table.index_scans",
      "Index scans started on the table's indexes.",
      "{scan}",
      Kind.COUNTER),
  TABLE_INDEX_SCAN_ROWS(
      "postgresql.table.index_scan.rows",
      "Live rows fetched by index scans.",
      "{row}",
      Kind.COUNTER),
  OPERATIONS("postgresql.operations", "The number of db row operations.", "1", Kind.COUNTER),
  ROWS("postgresql.rows", "The number of rows in the database.", "1", Kind.UP_DOWN),
  VACUUM_COUNT(
      "postgresql.table.vacuum.count",
      "Number of times a table has manually been vacuumed.",
      "{vacuum}",
      Kind.COUNTER),
  AUTOVACUUM_COUNT(
      "postgresql.table.autovacuum.count",
      "Number of times autovacuum vacuumed the table.",
      "{vacuum}",
      Kind.COUNTER),
  ANALYZE_COUNT(
      "postgresql.table.analyze.count",
      "Number of times the table was manually analyzed.",
      "{analyze}",
      Kind.COUNTER),
  AUTOANALYZE_COUNT(
      "postgresql.table.autoanalyze.count",
      "Number of times autovacuum analyzed the table.",
      "{analyze}",
      Kind.COUNTER),
  VACUUM_AGE(
      "postgresql.table.vacuum.age",
      "Time since the table was last vacuumed (manual or auto).",
      "s",
      Kind.GAUGE_DOUBLE),
  ANALYZE_AGE(
      "postgresql.table.analyze.age",
      "Time since the table was last analyzed (manual or auto).",
      "s",
      Kind.GAUGE_DOUBLE),
  TABLE_SIZE("postgresql.table.size", "Disk space used by a table.", "By", Kind.UP_DOWN),
  TOAST_SIZE(
      "postgresql.table.toast.size",
      "Disk space used by the table's TOAST data.",
      "By",
      Kind.UP_DOWN),
  TABLE_INDEXES_SIZE(
      "postgresql.table.indexes.size",
      "Disk space used by all the table's indexes.",
      "By",
      Kind.UP_DOWN),
  BLOCKS_READ("postgresql.blocks_read", "The number of blocks read.", "1", Kind.COUNTER),

  // pg_stat_user_indexes, pg_statio_user_indexes, per index
  INDEX_SCANS(
      "postgresql.index.scans", "The number of index scans on a table.", "{scans}", Kind.COUNTER),
  INDEX_SIZE("postgresql.index.size", "The size of the index on disk.", "By", Kind.GAUGE),
  INDEX_TUPLES_READ(
      "postgresql.index.tuples.read",
      "Index entries returned by scans of the index.",
      "{tuple}",
      Kind.COUNTER),
  INDEX_TUPLES_FETCHED(
      "postgresql.index.tuples.fetched",
      "Live table rows fetched by simple scans of the index.",
      "{tuple}",
      Kind.COUNTER),
  INDEX_BLOCKS_READ(
      "postgresql.index.blocks_read",
      "Index blocks read from disk (idx_read) or cache (idx_hit).",
      "1",
      Kind.COUNTER),
  INDEX_LAST_SCAN_AGE(
      "postgresql.index.last_scan.age",
      "Time since the index was last scanned (PostgreSQL 16+).",
      "s",
      Kind.GAUGE_DOUBLE),

  // pg_stat_statements, per normalized statement
  STATEMENT_CALLS(
      "postgresql.statement.calls", "Times the statement was executed.", "{call}", Kind.COUNTER),
  STATEMENT_TIME(
      "postgresql.statement.exec.time",
      "Total time spent executing the statement.",
      "s",
      Kind.COUNTER_DOUBLE),
  STATEMENT_MEAN_TIME(
      "postgresql.statement.exec.mean_time",
      "Mean execution time of the statement.",
      "s",
      Kind.GAUGE_DOUBLE),
  STATEMENT_ROWS(
      "postgresql.statement.rows",
      "Rows retrieved or affected by the statement.",
      "{row}",
      Kind.COUNTER),
  STATEMENT_BLOCKS(
      "postgresql.statement.blocks",
      "Shared blocks the statement found in cache (shared_hit) or read (shared_read).",
      "{block}",
      Kind.COUNTER),

  // pg_locks + pg_class
  DATABASE_LOCKS(
      "postgresql.database.locks", "The number of database locks.", "{lock}", Kind.GAUGE),

  // pg_locks + pg_blocking_pids
  LOCK_WAITS(
      "postgresql.lock.waits",
      "Sessions waiting for a lock another session holds.",
      "{session}",
      Kind.GAUGE),
  LOCK_WAIT_DURATION(
      "postgresql.lock.wait.duration", "Longest current wait for a lock.", "s", Kind.GAUGE_DOUBLE),

  // pg_stat_replication / pg_last_xact_replay_timestamp()
  REPLICATION_DATA_DELAY(
      "postgresql.replication.data_delay",
      "The amount of data delayed in replication.",
      "By",
      Kind.GAUGE),
  WAL_DELAY(
      "postgresql.wal.delay",
      "Time between flushing recent WAL locally and receiving notification that the standby"
          + " server has completed an operation with it.",
      "s",
      Kind.GAUGE_DOUBLE),
  REPLAY_DELAY(
      "postgresql.replication.replay_delay",
      "On a standby, time since the last replayed transaction committed on the primary.",
      "s",
      Kind.GAUGE_DOUBLE),

  // pg_stat_bgwriter, pg_stat_checkpointer (17+)
  BUFFERS_ALLOCATED(
      "postgresql.bgwriter.buffers.allocated",
      "Number of buffers allocated.",
      "{buffers}",
      Kind.COUNTER),
  BUFFERS_WRITES(
      "postgresql.bgwriter.buffers.writes",
      "Number of buffers written.",
      "{buffers}",
      Kind.COUNTER),
  CHECKPOINTS(
      "postgresql.bgwriter.checkpoint.count",
      "The number of checkpoints performed.",
      "{checkpoints}",
      Kind.COUNTER),
  CHECKPOINT_DURATION(
      "postgresql.bgwriter.duration",
      "Total time spent writing and syncing files to disk by checkpoints.",
      "ms",
      Kind.COUNTER_DOUBLE),
  MAXWRITTEN(
      "postgresql.bgwriter.maxwritten",
      "Number of times the background writer stopped a cleaning scan because it had written too"
          + " many buffers.",
      "1",
      Kind.COUNTER),

  // pg_stat_io (16+)
  IO_OPERATIONS(
      "postgresql.io.operations",
      "I/O operations by backend type, object and context.",
      "{operation}",
      Kind.COUNTER),
  IO_TIME(
      "postgresql.io.time",
      "Time spent in reads and writes (needs track_io_timing).",
      "s",
      Kind.COUNTER_DOUBLE),

  // pg_stat_wal (14+)
  WAL_RECORDS("postgresql.wal.records", "WAL records generated.", "{record}", Kind.COUNTER),
  WAL_FULL_PAGE_IMAGES(
      "postgresql.wal.full_page_images", "WAL full page images generated.", "{page}", Kind.COUNTER),
  WAL_BYTES("postgresql.wal.bytes", "WAL generated.", "By", Kind.COUNTER),

  // the sampler itself
  SAMPLE_DURATION(
      "querylens.sampler.duration",
      "Wall time of the last sample, queries included.",
      "s",
      Kind.GAUGE_DOUBLE),
  LEFT_OUT(
      "querylens.sampler.left_out",
      "Tables, indexes, statements or lock groups that matched but were beyond the export limit.",
      "{object}",
      Kind.GAUGE),
  SKIPPED(
      "querylens.sampler.skipped",
      "1 for each statistics family the last sample could not read (see the log).",
      "1",
      Kind.GAUGE);

  /** How a metric is aggregated, and whether its points are long or double. */
  enum Kind {
    COUNTER,
    COUNTER_DOUBLE,
    UP_DOWN,
    GAUGE,
    GAUGE_DOUBLE
  }

  private final String metricName;
  private final String description;
  private final String unit;
  private final Kind kind;

  PgMetric(String metricName, String description, String unit, Kind kind) {
    this.metricName = metricName;
    this.description = description;
    this.unit = unit;
    this.kind = kind;
  }

  String metricName() {
    return metricName;
  }

  String description() {
    return description;
  }

  String unit() {
    return unit;
  }

  Kind kind() {
    return kind;
  }
}
