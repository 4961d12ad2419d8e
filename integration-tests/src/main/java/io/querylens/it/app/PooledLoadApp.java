package io.querylens.it.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Many application threads sharing a smaller HikariCP pool, as a busy web application does: primary
 * key reads, updates and statements whose literals change every call. Arguments: JDBC URL, user,
 * password, threads, pool size, seconds. Prints {@code STATEMENTS <n>} (every statement the threads
 * ran, setup included) and {@code DONE}; if the threads have not finished a minute after the end,
 * it prints every thread's stack and exits with 3, so a deadlock shows as one, not as a timeout.
 */
public final class PooledLoadApp {

  static final int ROWS = 1000;

  /** Statements the setup runs before the threads start. */
  static final int SETUP_STATEMENTS = 3;

  private PooledLoadApp() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[3]);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setUsername(args[1]);
    config.setPassword(args[2]);
    config.setMaximumPoolSize(Integer.parseInt(args[4]));
    config.setConnectionTimeout(TimeUnit.MINUTES.toMillis(1));
    long runMillis = TimeUnit.SECONDS.toMillis(Long.parseLong(args[5]));

    LongAdder statements = new LongAdder();
    try (HikariDataSource pool = new HikariDataSource(config)) {
      setUp(pool);
      statements.add(SETUP_STATEMENTS);
      AtomicBoolean running = new AtomicBoolean(true);
      List<Thread> workers = new ArrayList<>();
      List<Throwable> failures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread worker =
            new Thread(
                () -> {
                  try {
                    work(pool, running, statements);
                  } catch (Throwable e) {
                    synchronized (failures) {
                      failures.add(e);
                    }
                  }
                },
                "worker-" + t);
        workers.add(worker);
        worker.start();
      }
      Thread.sleep(runMillis);
      running.set(false);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      for (Thread worker : workers) {
        worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (worker.isAlive()) {
          dumpThreadsAndExit();
        }
      }
      if (!failures.isEmpty()) {
        throw new IllegalStateException(failures.size() + " workers failed", failures.get(0));
      }
    }
    System.out.println("STATEMENTS " + statements.sum());
    System.out.println("DONE");
  }

  private static void setUp(HikariDataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS accounts");
      statement.execute("CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)");
      statement.execute(
          "INSERT INTO accounts SELECT i, 0 FROM generate_series(1, " + ROWS + ") AS i");
    }
  }

  private static void work(HikariDataSource pool, AtomicBoolean running, LongAdder statements)
      throws SQLException {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    while (running.get()) {
      try (Connection connection = pool.getConnection()) {
        int id = 1 + random.nextInt(ROWS);
        int kind = random.nextInt(10);
        if (kind < 7) {
          try (PreparedStatement read =
              connection.prepareStatement("SELECT balance FROM accounts WHERE id = ?")) {
            read.setInt(1, id);
            try (ResultSet result = read.executeQuery()) {
              result.next();
            }
          }
        } else if (kind < 9) {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE accounts SET balance = balance + 1 WHERE id = ?")) {
            update.setInt(1, id);
            update.executeUpdate();
          }
        } else {
          try (Statement statement = connection.createStatement();
              ResultSet result =
                  statement.executeQuery("SELECT balance FROM accounts WHERE id = " + id)) {
            result.next();
          }
        }
        statements.increment();
      }
    }
  }

  private static void dumpThreadsAndExit() {
    System.out.println("DEADLOCK? workers still running a minute after the end");
    for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      System.out.print(info);
    }
    System.out.flush();
    Runtime.getRuntime().halt(3);
  }
}
