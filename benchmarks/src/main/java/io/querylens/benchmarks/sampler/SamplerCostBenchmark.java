package io.querylens.benchmarks.sampler;

import io.querylens.core.pg.ConnectionSource;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What one full sample costs on a large schema: database time (server-side, from
 * pg_stat_statements, planning included), wall time, agent heap allocated per sample and retained
 * by the snapshot. Builds 1,000 tables with 3 indexes each on embedded PostgreSQL 18, measures,
 * then grows the schema to 10,000 tables and measures again; each size with the default export
 * limits and with limits that export every table and index.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.querylens.benchmarks.sampler.SamplerCostBenchmark [tables...]}
 */
public final class SamplerCostBenchmark {

  private static final int WARMUP_SAMPLES = 2;
  private static final int MEASURED_SAMPLES = 5;

  private SamplerCostBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = {1_000, 10_000};
    if (args.length > 0) {
      sizes = new int[args.length];
      for (int i = 0; i < args.length; i++) {
        sizes[i] = Integer.parseInt(args[i]);
      }
    }
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setServerConfig("shared_preload_libraries", "pg_stat_statements")
            .setServerConfig("pg_stat_statements.track_planning", "on")
            .setServerConfig("max_locks_per_transaction", "256")
            .setPGStartupWait(Duration.ofSeconds(60))
            .start()) {
      String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
      ConnectionSource source = () -> java.sql.DriverManager.getConnection(url, "postgres", "");
      try (Connection admin = source.open();
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE EXTENSION pg_stat_statements");
      }
      System.out.println(
          "| tables | indexes | limits | DB time / sample (ms) | wall / sample (ms) |"
              + " allocated / sample (MB) | snapshot retained (MB) | exported tables / indexes |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      int built = 0;
      for (int tables : sizes) {
        built = buildSchema(source, built, tables);
        SamplerSettings defaults = SamplerSettings.defaults();
        measure(source, postgres.getPort(), tables, "default (200 / 500)", defaults);
        measure(
            source,
            postgres.getPort(),
            tables,
            "all",
            defaults.withLimits(tables, tables * 3, SamplerSettings.DEFAULT_TOP_STATEMENTS));
      }
    }
  }

  /** Tables {@code from..to-1}, each with a primary key, two more indexes and a few rows. */
  private static int buildSchema(ConnectionSource source, int from, int to) throws SQLException {
    long started = System.nanoTime();
    try (Connection connection = source.open();
        Statement statement = connection.createStatement()) {
      for (int batch = from; batch < to; batch += 250) {
        int end = Math.min(to, batch + 250);
        statement.execute(
            "DO $$ BEGIN FOR i IN "
                + batch
                + ".."
                + (end - 1)
                + " LOOP"
                + " EXECUTE format('CREATE TABLE t_%s (id bigint PRIMARY KEY, a int, b text)', i);"
                + " EXECUTE format('CREATE INDEX t_%s_a ON t_%s (a)', i, i);"
                + " EXECUTE format('CREATE INDEX t_%s_b ON t_%s (b)', i, i);"
                + " EXECUTE format('INSERT INTO t_%s SELECT g, g %% 7, ''r'' || g"
                + " FROM generate_series(1, 20) g', i);"
                + " EXECUTE format('SELECT count(*) FROM t_%s WHERE id = 3', i);"
                + " END LOOP; END $$");
      }
      statement.execute("ANALYZE");
    }
    System.err.printf(
        "built tables %d..%d in %d s%n",
        from, to - 1, Duration.ofNanos(System.nanoTime() - started).toSeconds());
    return to;
  }

  private static void measure(
      ConnectionSource source, int port, int tables, String limits, SamplerSettings settings)
      throws Exception {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    try (Sampler sampler =
        new Sampler(
            new ServerKey("127.0.0.1", port), source, settings, Clock.systemUTC(), quiet())) {
      for (int i = 0; i < WARMUP_SAMPLES; i++) {
        sampler.sampleOnce().orElseThrow();
      }
      resetStatements(source);
      long allocated = 0;
      long wall = 0;
      Snapshot last = null;
      for (int i = 0; i < MEASURED_SAMPLES; i++) {
        long before = threads.getThreadAllocatedBytes(thread);
        Optional<Snapshot> snapshot = sampler.sampleOnce();
        allocated += threads.getThreadAllocatedBytes(thread) - before;
        last = snapshot.orElseThrow();
        wall += last.sampleDuration().toNanos();
      }
      double dbMillis = samplerDatabaseMillis(source) / MEASURED_SAMPLES;
      System.err.printf("%,d tables, %s limits, costliest queries per sample:%n", tables, limits);
      printBreakdown(source);
      int keptTables = last.tables().size();
      int keptIndexes = last.indexes().size();
      last = null; // only the sampler holds the snapshot now
      double retained = retainedMegabytes(sampler);
      System.out.printf(
          "| %,d | %,d | %s | %.1f | %.1f | %.1f | %.1f | %d / %d |%n",
          tables,
          tables * 3,
          limits,
          dbMillis,
          wall / 1e6 / MEASURED_SAMPLES,
          allocated / 1e6 / MEASURED_SAMPLES,
          retained,
          keptTables,
          keptIndexes);
    }
  }

  /** Server-side execution plus planning time of the sampler's own (marked) queries. */
  private static double samplerDatabaseMillis(ConnectionSource source) throws SQLException {
    try (Connection connection = source.open();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT coalesce(sum(total_exec_time + total_plan_time), 0)"
                    + " FROM pg_stat_statements WHERE query LIKE '%/* querylens */%'")) {
      rows.next();
      return rows.getDouble(1);
    }
  }

  /** The sampler's costliest queries, to stderr: where a sample's database time goes. */
  private static void printBreakdown(ConnectionSource source) throws SQLException {
    try (Connection connection = source.open();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT round((sum(total_exec_time + total_plan_time) / "
                    + MEASURED_SAMPLES
                    + ")::numeric, 1), left(regexp_replace(min(query), '\\s+', ' ', 'g'), 90)"
                    + " FROM pg_stat_statements WHERE query LIKE '%/* querylens */%'"
                    + " GROUP BY queryid ORDER BY 1 DESC LIMIT 4")) {
      while (rows.next()) {
        System.err.printf("  %8s ms  %s%n", rows.getString(1), rows.getString(2));
      }
    }
  }

  private static void resetStatements(ConnectionSource source) throws SQLException {
    try (Connection connection = source.open();
        Statement statement = connection.createStatement()) {
      statement.execute("SELECT pg_stat_statements_reset()");
    }
  }

  /** Keeps the measured snapshot reachable (a local might be dead to the JIT before the GC). */
  private static Snapshot held;

  /** Heap held by the latest snapshot: used heap with it, minus used heap once it is dropped. */
  private static double retainedMegabytes(Sampler sampler) throws InterruptedException {
    held = sampler.latest().orElseThrow();
    sampler.close(); // the sampler lets go of it; only `held` keeps it alive now
    long with = usedAfterGc();
    held = null;
    long without = usedAfterGc();
    return Math.max(0, with - without) / 1e6;
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static SamplerLog quiet() {
    return new SamplerLog() {
      @Override
      public void warning(String message) {
        System.err.println(message);
      }

      @Override
      public void info(String message) {}

      @Override
      public void debug(String message) {}
    };
  }
}
