package io.querylens.runtime.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.querylens.core.sql.StatementShape;
import io.querylens.core.sql.StatementShapeCache;
import io.querylens.exporter.ConnectionFacts;
import io.querylens.exporter.StatementObserver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The database transaction each statement runs in, for the N+1 watch's statements outside any
 * trace: told only with autocommit off, a new one after each commit, rollback or autocommit change,
 * and one count per physical connection whatever pool wrapper the statement came through.
 */
class TransactionTrackingTest {

  private final TransactionsSeen seen = new TransactionsSeen();

  @Test
  void onlyStatementsWithAutocommitOffAreInATransactionNumberedByItsEnds() throws Exception {
    JdbcStatementTracer tracer = tracer(true);
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:tx-plain");
        Statement statement = connection.createStatement()) {
      execute(tracer, statement); // autocommit: none
      connection.setAutoCommit(false);
      tracer.autoCommitSet(connection, false);
      execute(tracer, statement);
      execute(tracer, statement);
      connection.commit();
      tracer.transactionEnded(connection);
      execute(tracer, statement);
      connection.rollback();
      tracer.transactionEnded(connection);
      execute(tracer, statement);
      connection.setAutoCommit(true);
      tracer.autoCommitSet(connection, true);
      execute(tracer, statement); // autocommit again: none
    }

    assertThat(seen.transactions).hasSize(4);
    assertThat(seen.transactions.get(0)).isEqualTo(seen.transactions.get(1));
    assertThat(seen.transactions.get(2))
        .isNotEqualTo(seen.transactions.get(1))
        .isNotEqualTo(seen.transactions.get(3));
  }

  @Test
  void aPoolsWrappersOfOnePhysicalConnectionShareItsTransactions() throws Exception {
    JdbcStatementTracer tracer = tracer(true);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:tx-pooled");
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection checkout = pool.getConnection();
          Statement statement = checkout.createStatement()) {
        checkout.setAutoCommit(false);
        tracer.autoCommitSet(checkout, false);
        execute(tracer, statement);
        checkout.commit();
        tracer.transactionEnded(checkout);
        tracer.closed(checkout);
      }
      try (Connection next = pool.getConnection();
          Statement statement = next.createStatement()) {
        next.setAutoCommit(false); // as a transaction manager does at each transaction's start
        tracer.autoCommitSet(next, false);
        execute(tracer, statement);
      }
    }

    assertThat(seen.connections).hasSize(2).containsOnly(seen.connections.get(0));
    assertThat(seen.transactions.get(1)).isNotEqualTo(seen.transactions.get(0));
  }

  @Test
  void withTheWatchOffNoTransactionIsTold() throws Exception {
    JdbcStatementTracer tracer = tracer(false);
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:tx-off");
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      tracer.autoCommitSet(connection, false);
      execute(tracer, statement);
    }

    assertThat(seen.transactions).isEmpty();
  }

  @Test
  void findingAStatementsConnectionAndReadingItsTransactionAllocatesNothing() throws Exception {
    ConnectionFactsResolver connections = new ConnectionFactsResolver(new OwnConnections());
    TransactionTracking tracking = TransactionTracking.on(connections);
    StatementObserver quiet = StatementObserver.NOOP;
    Object scope = new Object();
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:tx-allocation");
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      tracking.autoCommitSet(connection, false);
      Runnable reads =
          () -> {
            for (int i = 0; i < 100_000; i++) {
              try {
                tracking.beforeExecution(connections.of(statement), scope, quiet);
              } catch (SQLException e) {
                throw new AssertionError(e);
              }
            }
          };
      reads.run(); // warm up

      long allocated = allocatedBy(reads);

      // 100,000 reads: one object each would be well over a megabyte.
      assertThat(allocated).isLessThan(10_000);
    }
  }

  private static long allocatedBy(Runnable work) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    work.run();
    return threads.getThreadAllocatedBytes(thread) - before;
  }

  private JdbcStatementTracer tracer(boolean followTransactions) {
    return new JdbcStatementTracer(
        seen,
        new StatementShapeCache(100, 100_000),
        new OwnConnections(),
        null,
        false,
        false,
        followTransactions,
        false);
  }

  private static void execute(JdbcStatementTracer tracer, Statement statement) throws Exception {
    Object scope = tracer.start(statement, "select 1", false);
    statement.execute("select 1");
    tracer.end(scope, null);
  }

  /** Writes down each transaction a statement was told to run in, as "connection.number". */
  private static final class TransactionsSeen implements StatementObserver {
    final List<String> transactions = new ArrayList<>();
    final List<Long> connections = new ArrayList<>();

    @Override
    public Object start(
        ConnectionFacts connection, StatementShape shape, int batchSize, boolean mixedBatch) {
      return new Object();
    }

    @Override
    public void inTransaction(Object scope, long connection, long transaction) {
      connections.add(connection);
      transactions.add("connection." + connection + "." + transaction);
    }

    @Override
    public void bindValues(Object scope, String[] values) {}

    @Override
    public void end(Object scope, Throwable error) {}
  }
}
