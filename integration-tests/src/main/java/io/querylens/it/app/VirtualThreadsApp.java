package io.querylens.it.app;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the same statement on H2 first {@code n} times on one platform thread, then once on each of
 * {@code n} new virtual threads, and prints the heap bytes the whole JVM allocated per statement in
 * each (the fewest of three rounds): what a new thread costs per statement shows as the difference.
 * Needs Java 21 or later; compiled for 17, so the newer API is reached reflectively.
 *
 * <p>Arguments: {@code statements}.
 */
public final class VirtualThreadsApp {

  private static final String SQL = "SELECT id * 2 FROM numbers WHERE id = 21";

  private VirtualThreadsApp() {}

  public static void main(String[] args) throws Exception {
    int statements = Integer.parseInt(args[0]);
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:virtual", "sa", "")) {
      try (Statement setup = connection.createStatement()) {
        setup.execute("CREATE TABLE numbers (id INT PRIMARY KEY)");
        setup.execute("INSERT INTO numbers SELECT x FROM system_range(1, 100)");
      }
      runOnPlatformThread(connection, statements / 5); // warm-up
      runOnVirtualThreads(connection, statements / 5);
      long platform = Long.MAX_VALUE;
      long virtual = Long.MAX_VALUE;
      long platformSum = 0;
      long virtualSum = 0;
      for (int round = 0; round < 3; round++) {
        long before = allocatedBytes();
        platformSum = runOnPlatformThread(connection, statements);
        platform = Math.min(platform, (allocatedBytes() - before) / statements);
        before = allocatedBytes();
        virtualSum = runOnVirtualThreads(connection, statements);
        virtual = Math.min(virtual, (allocatedBytes() - before) / statements);
      }
      System.out.println("RESULT platform thread sum " + platformSum);
      System.out.println("RESULT virtual threads sum " + virtualSum);
      System.out.println("MEASURED platform bytes per statement " + platform);
      System.out.println("MEASURED virtual bytes per statement " + virtual);
    }
    System.out.println("DONE");
  }

  private static long runOnPlatformThread(Connection connection, int statements) throws Exception {
    long sum = 0;
    for (int i = 0; i < statements; i++) {
      sum += runOnce(connection);
    }
    settle();
    return sum;
  }

  /**
   * One new virtual thread per statement, each started after the previous one ended: the threads
   * never wait for H2's session lock, which would allocate a stack chunk per wait and measure the
   * contention instead of the threads.
   */
  private static long runOnVirtualThreads(Connection connection, int statements) throws Exception {
    AtomicLong sum = new AtomicLong();
    ThreadFactory virtual =
        (ThreadFactory)
            Class.forName("java.lang.Thread$Builder")
                .getMethod("factory")
                .invoke(Thread.class.getMethod("ofVirtual").invoke(null));
    Runnable statement =
        () -> {
          try {
            sum.addAndGet(runOnce(connection));
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        };
    for (int i = 0; i < statements; i++) {
      Thread thread = virtual.newThread(statement);
      thread.start();
      thread.join();
    }
    settle();
    return sum.get();
  }

  private static long runOnce(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(SQL)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Lets the agent's recording thread take what was queued, so it is counted in this phase. */
  private static void settle() throws InterruptedException {
    Thread.sleep(300);
  }

  /** Heap bytes allocated by every thread since the JVM started (Java 21+). */
  private static long allocatedBytes() throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Method total =
        Class.forName("com.sun.management.ThreadMXBean").getMethod("getTotalThreadAllocatedBytes");
    return (long) total.invoke(threads);
  }
}
