package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Measures the leaf density of the largest valid btree indexes with pgstattuple's {@code
 * pgstatindex}, when the extension is installed and the role may run it: under {@code
 * statement_timeout} and {@code lock_timeout}, in a read-only transaction that is rolled back.
 * {@code pgstatindex} reads the whole index, so only the largest few are measured, and none under
 * {@link #MIN_INDEX_BYTES}. Without the extension nothing is measured: {@link TableBloatMeter} has
 * already said so.
 */
public final class IndexBloatMeter {

  public static final int DEFAULT_MAX_INDEXES = 10;

  private static final String PERMISSION_DENIED = "42501";

  /** Smaller indexes cost little whatever their density: 8 MB. */
  static final long MIN_INDEX_BYTES = 8L * 1024 * 1024;

  private final int maxIndexes;
  private final long minIndexBytes;
  private final Duration statementTimeout;
  private final Duration lockTimeout;

  public IndexBloatMeter(
      int maxIndexes, long minIndexBytes, Duration statementTimeout, Duration lockTimeout) {
    this.maxIndexes = maxIndexes;
    this.minIndexBytes = minIndexBytes;
    this.statementTimeout = statementTimeout;
    this.lockTimeout = lockTimeout;
  }

  public static IndexBloatMeter defaults() {
    return new IndexBloatMeter(
        DEFAULT_MAX_INDEXES, MIN_INDEX_BYTES, Duration.ofSeconds(5), Duration.ofMillis(500));
  }

  /**
   * The measured indexes; empty when pgstattuple is absent or denied (told once on {@code log}).
   *
   * @throws SQLException only when the session itself fails
   */
  public List<IndexBloat> measure(Connection connection, Snapshot snapshot, SamplerLog log)
      throws SQLException {
    List<IndexStats> largest = largest(snapshot.indexes());
    if (largest.isEmpty()) {
      return List.of();
    }
    String schema = TableBloatMeter.extensionSchema(connection);
    if (schema == null) {
      return List.of();
    }
    return ReadOnlyTransaction.run(
        connection,
        statementTimeout,
        lockTimeout,
        inside -> measure(inside, IndexSql.identifier(schema), largest, snapshot, log));
  }

  private static List<IndexBloat> measure(
      Connection connection,
      String schema,
      List<IndexStats> indexes,
      Snapshot snapshot,
      SamplerLog log)
      throws SQLException {
    List<IndexBloat> measured = new ArrayList<>();
    int failed = 0;
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT /* querylens */ index_size, avg_leaf_density FROM "
                + schema
                + ".pgstatindex(?::regclass)")) {
      for (IndexStats index : indexes) {
        Savepoint savepoint = connection.setSavepoint();
        try {
          query.setString(1, IndexSql.qualified(index.schema(), index.name()));
          try (ResultSet row = query.executeQuery()) {
            row.next();
            double density = row.getDouble(2);
            if (!row.wasNull() && !Double.isNaN(density)) {
              measured.add(new IndexBloat(index.schema(), index.name(), row.getLong(1), density));
            }
          }
          connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
          connection.rollback(savepoint);
          if (PERMISSION_DENIED.equals(e.getSQLState())) {
            return List.of(); // the table meter has told which grant is missing
          }
          failed++;
        }
      }
    }
    if (failed > 0) {
      log.warning(
          "QueryLens advisor for "
              + snapshot.server().database()
              + ": pgstatindex failed on "
              + failed
              + " of "
              + indexes.size()
              + " indexes (a timeout or a lock); their bloat is not measured");
    }
    return measured;
  }

  private List<IndexStats> largest(List<IndexStats> indexes) {
    List<IndexStats> candidates = new ArrayList<>();
    for (IndexStats index : indexes) {
      if (index.valid() && "btree".equals(index.method()) && index.sizeBytes() >= minIndexBytes) {
        candidates.add(index);
      }
    }
    candidates.sort(Comparator.comparingLong(IndexStats::sizeBytes).reversed());
    return candidates.size() > maxIndexes ? candidates.subList(0, maxIndexes) : candidates;
  }
}
