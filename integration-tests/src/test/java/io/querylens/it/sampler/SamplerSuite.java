package io.querylens.it.sampler;

import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.querylens.it.sampler.Sampling.eventually;
import static io.querylens.it.sampler.Sampling.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.querylens.core.pg.ActiveSession;
import io.querylens.core.pg.ConnectionSource;
import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.LockCount;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerRegistry;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.StatsFamily;
import io.querylens.core.pg.TableStats;
import io.querylens.exporter.metrics.PostgresMetricProducer;
import io.querylens.it.support.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the sampler promises, against a real PostgreSQL of each supported major version (one server
 * per version, started once per class; the restart test runs last).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SamplerSuite {

  private static final Duration INTERVAL = Duration.ofMillis(200);

  private EmbeddedPostgresServer server;
  private ServerKey key;

  abstract int major();

  @BeforeAll
  void startServer() throws SQLException {
    server = EmbeddedPostgresServer.start(major());
    key = new ServerKey("127.0.0.1", server.port());
    execute("postgres", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void readsOneIndexScanPerLookupAndTheTableItBelongsTo() throws Exception {
    execute(
        "postgres",
        "CREATE TABLE orders (id bigint PRIMARY KEY, customer int, note text)",
        "CREATE INDEX orders_customer ON orders (customer)",
        "INSERT INTO orders SELECT g, g % 50, 'n' FROM generate_series(1, 1000) g",
        "ANALYZE orders");
    try (Sampler sampler = sampler("postgres", new RecordingLog())) {
      long before = index(sample(sampler), "orders_customer").scans();

      int lookups = 7;
      try (Connection work = server.connect();
          Statement session = work.createStatement();
          PreparedStatement lookup =
              work.prepareStatement("SELECT count(*) FROM orders WHERE customer = ?")) {
        session.execute("SET enable_seqscan = off");
        session.execute("SET enable_bitmapscan = off");
        for (int i = 0; i < lookups; i++) {
          lookup.setInt(1, i);
          lookup.executeQuery().close();
        }
      } // closing the session flushes its statistics (on 13 and 14, to the collector)

      Snapshot after =
          eventually(sampler, s -> index(s, "orders_customer").scans() >= before + lookups);
      IndexStats index = index(after, "orders_customer");
      assertThat(index.scans()).isEqualTo(before + lookups);
      assertThat(index.table()).isEqualTo("orders");
      assertThat(index.columns()).containsExactly("customer");
      assertThat(index.method()).isEqualTo("btree");
      assertThat(index.valid()).isTrue();
      assertThat(index.primary()).isFalse();
      assertThat(index.definition()).contains("CREATE INDEX orders_customer");
      assertThat(index.sizeBytes()).isPositive();
      assertThat(index(after, "orders_pkey").backsConstraint()).isTrue();
      if (major() >= 16) {
        assertThat(index.lastScan()).isNotNull();
      } else {
        assertThat(index.lastScan()).isNull();
      }
      assertThat(after.server().major()).isEqualTo(major());
      assertThat(after.database().name()).isEqualTo("postgres");
      assertThat(after.skipped()).isEmpty();
      assertThat(after.bgWriter()).isNotNull();
      assertThat(after.connections().maxConnections()).isEqualTo(100);
      assertThat(after.io().isEmpty()).isEqualTo(major() < 16);
      assertThat(after.wal() == null).isEqualTo(major() < 14);
    }
  }

  @Test
  @Order(2)
  void readsDeadTuplesLeftByUpdates() throws Exception {
    execute(
        "postgres",
        "CREATE TABLE accounts (id int PRIMARY KEY, balance int)"
            + " WITH (autovacuum_enabled = false)",
        "INSERT INTO accounts SELECT g, 0 FROM generate_series(1, 100) g");
    try (Connection work = server.connect();
        Statement statement = work.createStatement()) {
      statement.executeUpdate("UPDATE accounts SET balance = 1 WHERE id <= 40");
    }
    try (Sampler sampler = sampler("postgres", new RecordingLog())) {
      Snapshot snapshot = eventually(sampler, s -> table(s, "accounts").deadTuples() >= 40);
      TableStats accounts = table(snapshot, "accounts");
      assertThat(accounts.deadTuples()).isEqualTo(40);
      assertThat(accounts.liveTuples()).isEqualTo(100);
      assertThat(accounts.inserts()).isEqualTo(100);
      assertThat(accounts.updates()).isEqualTo(40);
      assertThat(accounts.heapBytes()).isPositive();
    }
  }

  @Test
  @Order(3)
  void readsTopStatementsWithoutItsOwnQueries() throws Exception {
    try (Connection work = server.connect();
        Statement statement = work.createStatement()) {
      for (int i = 0; i < 5; i++) {
        statement.executeQuery("SELECT count(*) FROM orders WHERE note = 'x" + i + "'").close();
      }
    }
    try (Sampler sampler = sampler("postgres", new RecordingLog())) {
      Snapshot snapshot =
          eventually(
              sampler,
              s ->
                  s.statements().stream()
                      .anyMatch(
                          q -> q.query().contains("FROM orders WHERE note") && q.calls() >= 5));
      assertThat(snapshot.statements()).noneMatch(q -> q.query().contains("/* querylens */"));
      assertThat(snapshot.statements())
          .filteredOn(q -> q.query().contains("FROM orders WHERE note"))
          .singleElement()
          .satisfies(q -> assertThat(q.totalMillis()).isPositive());
      assertThat(snapshot.skipped()).doesNotContain(StatsFamily.STATEMENTS);
    }
  }

  @Test
  @Order(4)
  void skipsStatementsWithOneLineWhenTheExtensionIsNotInstalled() throws Exception {
    execute("postgres", "CREATE DATABASE no_extension");
    RecordingLog log = new RecordingLog();
    try (Sampler sampler = sampler("no_extension", log)) {
      Snapshot first = sample(sampler);
      Snapshot second = sample(sampler);
      assertThat(second.skipped()).containsExactly(StatsFamily.STATEMENTS);
      assertThat(second.database().name()).isEqualTo("no_extension");
      assertThat(first.statements()).isEmpty();
      assertThat(log.warnings)
          .singleElement()
          .asString()
          .contains("pg_stat_statements")
          .contains("CREATE EXTENSION pg_stat_statements");
    }
  }

  @Test
  @Order(5)
  void skipsStatementsWithOneLineWhenTheLibraryIsNotPreloaded() throws Exception {
    try (EmbeddedPostgresServer plain =
        EmbeddedPostgresServer.start(major(), Map.of("shared_preload_libraries", ""))) {
      try (Connection admin = plain.connect();
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE EXTENSION pg_stat_statements");
      }
      RecordingLog log = new RecordingLog();
      ConnectionSource source = () -> DriverManager.getConnection(plain.jdbcUrl(), "postgres", "");
      try (Sampler sampler =
          new Sampler(
              new ServerKey("127.0.0.1", plain.port()),
              source,
              settings(),
              Clock.systemUTC(),
              log)) {
        sample(sampler);
        Snapshot second = sample(sampler);
        assertThat(second.skipped()).containsExactly(StatsFamily.STATEMENTS);
        assertThat(second.database()).isNotNull();
        assertThat(log.warnings).singleElement().asString().contains("shared_preload_libraries");
      }
    }
  }

  @Test
  @Order(6)
  void aRoleWithoutPgMonitorStillSamplesWhatItMayRead() throws Exception {
    execute("postgres", "CREATE ROLE app_only LOGIN", "CREATE DATABASE restricted OWNER app_only");
    execute(
        "restricted",
        "CREATE EXTENSION pg_stat_statements",
        "REVOKE SELECT ON pg_stat_statements FROM PUBLIC",
        "CREATE TABLE app_only_items (id int PRIMARY KEY)",
        "ALTER TABLE app_only_items OWNER TO app_only");
    RecordingLog log = new RecordingLog();
    ConnectionSource asAppOnly =
        () -> DriverManager.getConnection(server.jdbcUrl("restricted"), "app_only", "");
    try (Sampler sampler = new Sampler(key, asAppOnly, settings(), Clock.systemUTC(), log)) {
      sample(sampler);
      Snapshot snapshot = sample(sampler);
      assertThat(snapshot.server().fullVisibility()).isFalse();
      assertThat(snapshot.skipped()).containsExactly(StatsFamily.STATEMENTS);
      assertThat(snapshot.tables()).extracting(TableStats::name).contains("app_only_items");
      assertThat(snapshot.database()).isNotNull();
      assertThat(log.warningsContaining("GRANT pg_monitor TO app_only")).isEqualTo(1);
      assertThat(log.warningsContaining("skipping pg_stat_statements: permission denied"))
          .isEqualTo(1);
      assertThat(log.warnings).hasSize(2);
    }
  }

  @Test
  @Order(7)
  void producerStartsCountersAtStatsResetAndAgainAfterAReset() throws Exception {
    try (Sampler sampler = sampler("postgres", new RecordingLog())) {
      Snapshot first = sample(sampler);
      PostgresMetricProducer producer = new PostgresMetricProducer(() -> latest(sampler));
      LongPointData commitsBefore = commits(producer);
      Instant expectedStart =
          first.database().statsReset() != null
              ? first.database().statsReset()
              : first.server().postmasterStart();
      assertThat(commitsBefore.getStartEpochNanos()).isEqualTo(nanos(expectedStart));
      assertThat(commitsBefore.getEpochNanos()).isEqualTo(nanos(first.sampledAt()));

      execute("postgres", "SELECT pg_stat_reset()");
      Snapshot afterReset =
          eventually(
              sampler,
              s ->
                  s.database().statsReset() != null
                      && !s.database().statsReset().equals(first.database().statsReset()));
      LongPointData commitsAfter = commits(producer);
      assertThat(commitsAfter.getStartEpochNanos())
          .isEqualTo(nanos(afterReset.database().statsReset()))
          .isGreaterThan(commitsBefore.getStartEpochNanos());
      assertThat(commitsAfter.getValue()).isLessThan(commitsBefore.getValue());
    }
  }

  @Test
  @Order(8)
  void onlyOneOfTwoInstancesSamplesAndTheOtherTakesOverWhenItStops() throws Exception {
    Sampler first = sampler("postgres", new RecordingLog());
    try (Sampler second = sampler("postgres", new RecordingLog())) {
      assertThat(first.sampleOnce()).isPresent();
      assertThat(second.sampleOnce()).isEmpty();
      assertThat(first.role()).isEqualTo(Sampler.Role.SAMPLING);
      assertThat(second.role()).isEqualTo(Sampler.Role.WAITING);
      assertThat(first.sampleOnce()).isPresent();
      assertThat(second.sampleOnce()).isEmpty();

      first.close();

      assertThat(second.sampleOnce()).isPresent();
      assertThat(second.role()).isEqualTo(Sampler.Role.SAMPLING);
      assertThat(first.latest()).isEmpty();
    } finally {
      first.close();
    }
  }

  @Test
  @Order(9)
  void whenTheSamplingInstanceDiesTheOtherTakesOverAtItsNextTick() throws Exception {
    try (Sampler first = sampler("postgres", new RecordingLog());
        Sampler second = sampler("postgres", new RecordingLog())) {
      assertThat(first.sampleOnce()).isPresent();
      assertThat(second.sampleOnce()).isEmpty();

      // The instance dies: its session ends, and PostgreSQL releases the lock with it.
      execute("postgres", "SELECT pg_terminate_backend(pid) FROM " + SAMPLER_LOCK_HOLDERS);
      waitFor(() -> lockHolders() == 0);

      assertThat(second.sampleOnce()).as("the other instance's next tick").isPresent();
      assertThat(first.sampleOnce()).isEmpty();
      assertThat(first.latest()).isEmpty();
      assertThat(first.role()).isEqualTo(Sampler.Role.DISCONNECTED);
    }
  }

  @Test
  @Order(10)
  void scheduledInstancesNeverBothReportAndTakeOverFromEachOther() throws Exception {
    SamplerRegistry a = registry();
    try (SamplerRegistry b = registry()) {
      a.ensureSampling(key, source("postgres"));
      waitFor(() -> !a.latestSnapshots().isEmpty());
      b.ensureSampling(key, source("postgres"));
      for (int i = 0; i < 10; i++) {
        sleep(INTERVAL.dividedBy(2));
        assertThat(b.latestSnapshots()).as("the second instance never double-reports").isEmpty();
      }

      a.close();

      waitFor(() -> !b.latestSnapshots().isEmpty());
      assertThat(a.latestSnapshots()).isEmpty();
    } finally {
      a.close();
    }
  }

  @Test
  @Order(11)
  void aLockedTableNeitherBlocksSamplingNorDropsOutAndItsWaitersShowUp() throws Exception {
    RecordingLog log = new RecordingLog();
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try (Sampler sampler = sampler("postgres", log);
        Connection migration = server.connect();
        Connection reader = server.connect()) {
      migration.setAutoCommit(false);
      int migrationPid = pid(migration);
      int readerPid = pid(reader);
      try (Statement statement = migration.createStatement()) {
        statement.execute("LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
      }
      Future<?> blocked =
          waiter.submit(
              () -> {
                try (Statement statement = reader.createStatement()) {
                  statement.executeQuery("SELECT count(*) FROM accounts").close();
                }
                return null;
              });
      try {
        // The lock is still held while the sample completes: sampling did not wait for it.
        Snapshot snapshot = eventually(sampler, s -> !s.lockWaits().isEmpty());
        assertThat(log.warnings).isEmpty();
        assertThat(snapshot.skipped()).isEmpty();
        assertThat(snapshot.tables()).extracting(TableStats::name).contains("accounts");
        assertThat(snapshot.lockWaits())
            .anySatisfy(
                wait -> {
                  assertThat(wait.blockedPid()).isEqualTo(readerPid);
                  assertThat(wait.blockingPid()).isEqualTo(migrationPid);
                  assertThat(wait.relation()).endsWith("accounts");
                  assertThat(wait.mode()).isEqualTo("AccessShareLock");
                });
        assertThat(log.infos).anyMatch(line -> line.contains("locked past lock_timeout"));
      } finally {
        migration.rollback();
        blocked.get(30, TimeUnit.SECONDS);
      }
    } finally {
      waiter.shutdownNow();
    }
  }

  @Test
  @Order(12)
  void aHeldLockIsCountedOnItsRelationAndGoesAwayWhenReleased() throws Exception {
    try (Sampler sampler = sampler("postgres", new RecordingLog());
        Connection holder = server.connect()) {
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.execute("LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE");
      }
      try {
        Snapshot held = sample(sampler);

        assertThat(held.locks())
            .contains(new LockCount("public.accounts", "ShareRowExclusiveLock", "relation", 1));
        assertThat(held.locks())
            .as("catalog locks, which every query takes, are left out")
            .allSatisfy(lock -> assertThat(lock.relation()).doesNotStartWith("pg_"));
        assertThat(held.locksLeftOut()).isZero();
        assertThat(held.skipped()).isEmpty();
        MetricData locks =
            new PostgresMetricProducer(() -> List.of(held))
                .produce(Resource.empty()).stream()
                    .filter(m -> m.getName().equals("postgresql.database.locks"))
                    .findFirst()
                    .orElseThrow();
        assertThat(locks.getLongGaugeData().getPoints())
            .anySatisfy(
                point -> {
                  assertThat(point.getAttributes().get(stringKey("relation")))
                      .isEqualTo("public.accounts");
                  assertThat(point.getAttributes().get(stringKey("mode")))
                      .isEqualTo("ShareRowExclusiveLock");
                  assertThat(point.getAttributes().get(stringKey("lock_type")))
                      .isEqualTo("relation");
                  assertThat(point.getValue()).isEqualTo(1);
                });
      } finally {
        holder.rollback();
      }

      assertThat(sample(sampler).locks())
          .noneMatch(lock -> lock.relation().equals("public.accounts"));
    }
  }

  @Test
  @Order(13)
  void countsTheDatabasesTablesAndTheServersDatabases() throws Exception {
    execute("postgres", "CREATE DATABASE three_tables");
    execute(
        "three_tables",
        "CREATE TABLE a (id int)",
        "CREATE SCHEMA other",
        "CREATE TABLE other.b (id int)",
        "CREATE TABLE c (id int) PARTITION BY RANGE (id)",
        "CREATE VIEW not_a_table AS SELECT 1 AS one");
    long databases = count("SELECT count(*) FROM pg_database WHERE NOT datistemplate");
    try (Sampler sampler = sampler("three_tables", new RecordingLog())) {
      Snapshot snapshot = sample(sampler);

      assertThat(snapshot.database().tableCount()).isEqualTo(3);
      assertThat(snapshot.database().databaseCount()).isEqualTo(databases).isGreaterThan(1);
    }
  }

  @Test
  @Order(14)
  void keepsTheBusiestLockGroupsAndCountsTheRest() throws Exception {
    int tables = LOCK_GROUPS_KEPT + 5;
    StringBuilder create = new StringBuilder();
    StringBuilder lock = new StringBuilder("LOCK TABLE ");
    for (int i = 1; i <= tables; i++) {
      create.append("CREATE TABLE locked_").append(i).append(" (id int);");
      lock.append(i == 1 ? "" : ", ").append("locked_").append(i);
    }
    execute("postgres", create.toString());
    try (Sampler sampler = sampler("postgres", new RecordingLog());
        Connection holder = server.connect()) {
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.execute(lock + " IN ACCESS SHARE MODE");
        statement.execute("LOCK TABLE accounts IN ACCESS SHARE MODE");
        // A second session's lock makes accounts the busiest group: it is kept first.
        try (Connection second = server.connect()) {
          second.setAutoCommit(false);
          try (Statement other = second.createStatement()) {
            other.execute("LOCK TABLE accounts IN ACCESS SHARE MODE");
          }
          Snapshot snapshot = sample(sampler);

          assertThat(snapshot.locks()).hasSize(LOCK_GROUPS_KEPT);
          assertThat(snapshot.locks().get(0))
              .isEqualTo(new LockCount("public.accounts", "AccessShareLock", "relation", 2));
          assertThat(snapshot.locksLeftOut()).isEqualTo(tables + 1 - LOCK_GROUPS_KEPT);
          second.rollback();
        }
      } finally {
        holder.rollback();
      }
    }
  }

  @Test
  @Order(15)
  void aRowLockWaitShowsBothSessionsWithTheirTracesAndNoLiteral() throws Exception {
    execute(
        "postgres",
        "CREATE TABLE wallets (id int PRIMARY KEY, balance int)",
        "INSERT INTO wallets VALUES (7, 100)");
    String holderTrace = "11111111111111111111111111111111";
    String waiterTrace = "22222222222222222222222222222222";
    ExecutorService waiting = Executors.newSingleThreadExecutor();
    try (Sampler sampler = sampler("postgres", new RecordingLog());
        Sampler capped =
            sampler("postgres", new RecordingLog(), settings().withMaxQuerySamples(1));
        Connection holder = server.connect();
        Connection waiter = server.connect();
        Connection idle = server.connect()) {
      int holderPid = pid(holder);
      int waiterPid = pid(waiter);
      int idlePid = pid(idle);
      try (Statement statement = holder.createStatement()) {
        statement.execute(
            "SET application_name = 'shop 00-" + holderTrace + "-aaaaaaaaaaaaaaaa-01'");
      }
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement.executeUpdate("UPDATE wallets SET balance = balance + 8675309 WHERE id = 7");
      }
      Future<?> blocked =
          waiting.submit(
              () -> {
                try (Statement statement = waiter.createStatement()) {
                  statement.executeUpdate(
                      "UPDATE wallets SET balance = 5551212 WHERE id = 7 /*traceparent='00-"
                          + waiterTrace
                          + "-bbbbbbbbbbbbbbbb-01'*/");
                }
                return null;
              });
      try {
        Snapshot snapshot =
            eventually(sampler, s -> s.sessions().stream().anyMatch(ActiveSession::waitsOnLock));

        ActiveSession waiting1 = session(snapshot, waiterPid);
        assertThat(waiting1.waitEventType()).isEqualTo("Lock");
        assertThat(waiting1.waitEvent()).isEqualTo("transactionid");
        assertThat(waiting1.blockingPids()).containsExactly(holderPid);
        assertThat(waiting1.lockWaitSeconds()).isNotNull().isGreaterThanOrEqualTo(0.0);
        assertThat(waiting1.lockMode()).isEqualTo("ShareLock");
        assertThat(waiting1.lockWaitStart() == null).isEqualTo(major() < 14);
        assertThat(waiting1.queryId() == null).isEqualTo(major() < 14);
        assertThat(waiting1.queryText())
            .startsWith("UPDATE wallets SET balance = ? WHERE id = ?")
            .doesNotContain("traceparent");
        assertThat(waiting1.trace().traceId()).isEqualTo(waiterTrace);
        assertThat(waiting1.traceSource()).isEqualTo(ActiveSession.TraceSource.SQLCOMMENTER);

        ActiveSession holding = session(snapshot, holderPid);
        assertThat(holding.state()).isEqualTo("idle in transaction");
        assertThat(holding.blockingPids()).isEmpty();
        assertThat(holding.lockWaitSeconds()).isNull();
        assertThat(holding.queryText())
            .isEqualTo("UPDATE wallets SET balance = balance + ? WHERE id = ?");
        assertThat(holding.trace().traceId()).isEqualTo(holderTrace);
        assertThat(holding.traceSource()).isEqualTo(ActiveSession.TraceSource.APPLICATION_NAME);

        assertThat(snapshot.sessions())
            .as("idle sessions and the sampler's own are left out")
            .extracting(ActiveSession::pid)
            .doesNotContain(idlePid)
            .allSatisfy(pid -> assertThat(pid).isIn(holderPid, waiterPid));
        assertThat(snapshot.sessions().get(0).pid()).as("lock waiters first").isEqualTo(waiterPid);
        assertThat(snapshot.sessions().toString())
            .doesNotContain("8675309")
            .doesNotContain("5551212");
        assertThat(snapshot.sessionsLeftOut()).isZero();

        sampler.close(); // hands the election lock to the capped instance
        Snapshot cut = sample(capped);
        assertThat(cut.sessions()).extracting(ActiveSession::pid).containsExactly(waiterPid);
        assertThat(cut.sessionsLeftOut()).isEqualTo(1);
      } finally {
        holder.rollback();
        blocked.get(30, TimeUnit.SECONDS);
      }
    } finally {
      waiting.shutdownNow();
    }
  }

  private static ActiveSession session(Snapshot snapshot, int pid) {
    return snapshot.sessions().stream()
        .filter(s -> s.pid() == pid)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no session " + pid + " in " + snapshot.sessions()));
  }

  @Test
  @Order(100)
  void reconnectsAfterTheDatabaseRestarts() throws Exception {
    try (SamplerRegistry registry = registry()) {
      registry.ensureSampling(key, source("postgres"));
      waitFor(() -> !registry.latestSnapshots().isEmpty());
      Instant firstStart = registry.latestSnapshots().get(0).server().postmasterStart();

      server.restart();

      waitFor(
          () ->
              registry.latestSnapshots().stream()
                  .anyMatch(s -> s.server().postmasterStart().isAfter(firstStart)));
      assertThat(registry.sampler(key).orElseThrow().role()).isEqualTo(Sampler.Role.SAMPLING);
    }
  }

  // --- helpers

  /** {@code LockCountQuery.MAX_GROUPS}. */
  private static final int LOCK_GROUPS_KEPT = 100;

  private static final String SAMPLER_LOCK_HOLDERS =
      "pg_locks WHERE locktype = 'advisory' AND granted"
          + " AND database = (SELECT oid FROM pg_database WHERE datname = 'postgres')";

  private static int pid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        java.sql.ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private long lockHolders() {
    return count("SELECT count(*) FROM " + SAMPLER_LOCK_HOLDERS);
  }

  private long count(String sql) {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement();
        java.sql.ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private SamplerSettings settings() {
    return SamplerSettings.defaults().withInterval(INTERVAL);
  }

  private SamplerRegistry registry() {
    return new SamplerRegistry(settings(), Clock.systemUTC(), new RecordingLog());
  }

  private Sampler sampler(String database, RecordingLog log) {
    return sampler(database, log, settings());
  }

  private Sampler sampler(String database, RecordingLog log, SamplerSettings settings) {
    return new Sampler(key, source(database), settings, Clock.systemUTC(), log);
  }

  private ConnectionSource source(String database) {
    return () -> DriverManager.getConnection(server.jdbcUrl(database), server.user(), "");
  }

  private void execute(String database, String... statements) throws SQLException {
    try (Connection connection = server.connect(database);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static void waitFor(Supplier<Boolean> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Sampling.PATIENCE.toNanos();
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("waited %s", Sampling.PATIENCE).isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  private static void sleep(Duration duration) throws InterruptedException {
    TimeUnit.MILLISECONDS.sleep(duration.toMillis());
  }

  private static IndexStats index(Snapshot snapshot, String name) {
    return snapshot.indexes().stream()
        .filter(i -> i.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no index " + name + " in " + snapshot.indexes()));
  }

  private static TableStats table(Snapshot snapshot, String name) {
    return snapshot.tables().stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no table " + name));
  }

  private static List<Snapshot> latest(Sampler sampler) {
    return sampler.latest().map(List::of).orElse(List.of());
  }

  private static LongPointData commits(PostgresMetricProducer producer) {
    MetricData commits =
        producer.produce(Resource.empty()).stream()
            .filter(m -> m.getName().equals("postgresql.commits"))
            .findFirst()
            .orElseThrow();
    assertThat(commits.getLongSumData().isMonotonic()).isTrue();
    return commits.getLongSumData().getPoints().iterator().next();
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
