package io.querylens.benchmarks.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.querylens.benchmarks.overhead.ThreadCpu;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * The measured JVM: an order-entry application whose terminals run transactions back to back (no
 * think time) over a HikariCP pool. It reports twice, each time in one line:
 *
 * <ul>
 *   <li>{@code WHOLE}: {@code wholeSeconds} after the JVM started, the CPU the process has used
 *       since its start and the transactions completed by then: what a short-lived process, a batch
 *       job or a just-scaled container pays, start-up and warm-up included;
 *   <li>{@code STEADY}: from {@code warmupSeconds} after the start, over {@code measureSeconds}:
 *       process CPU per transaction, throughput, and transaction latency p50/p99.
 * </ul>
 *
 * <pre>java [agent flags] -cp benchmarks.jar io.querylens.benchmarks.apps.OrderEntryApplication
 *     url terminals wholeSeconds warmupSeconds measureSeconds</pre>
 */
public final class OrderEntryApplication {

  private static volatile boolean measuring;
  private static volatile boolean stopping;

  private OrderEntryApplication() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int terminals = Integer.parseInt(args[1]);
    long wholeMillis = (long) (Double.parseDouble(args[2]) * 1000);
    long warmupMillis = (long) (Double.parseDouble(args[3]) * 1000);
    long measureMillis = (long) (Double.parseDouble(args[4]) * 1000);
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(terminals);
    config.setMinimumIdle(terminals);
    config.setAutoCommit(false);
    config.setPoolName("order-entry");
    try (HikariDataSource pool = new HikariDataSource(config)) {
      List<Terminal> running = new ArrayList<>();
      for (int i = 0; i < terminals; i++) {
        Terminal terminal = new Terminal(pool, new Random(42 + i));
        running.add(terminal);
        terminal.start();
      }
      sleepUntil(jvmStart + wholeMillis);
      long wholeCpu = os.getProcessCpuTime();
      Map<Long, Long> threadsAtWhole = ThreadCpu.snapshot();
      System.out.println(
          "WHOLE seconds="
              + (wholeMillis / 1000.0)
              + " process_cpu_ns="
              + wholeCpu
              + " transactions="
              + Terminal.COMPLETED.get()
              + " first_transaction_ms="
              + (Terminal.firstCompletedMillis == 0
                  ? -1
                  : Terminal.firstCompletedMillis - jvmStart));
      // Which threads the CPU went to (what the process used beyond them: JIT, GC, the VM).
      System.out.println("THREADS whole " + ThreadCpu.byGroup(Map.of(), threadsAtWhole, Set.of()));
      sleepUntil(jvmStart + warmupMillis);
      int startCount = Terminal.COMPLETED.get();
      Map<Long, Long> threadsAtStart = ThreadCpu.snapshot();
      long cpuStart = os.getProcessCpuTime();
      long wallStart = System.nanoTime();
      measuring = true;
      Thread.sleep(measureMillis);
      measuring = false;
      long wallEnd = System.nanoTime();
      long cpuEnd = os.getProcessCpuTime();
      int transactions = Terminal.COMPLETED.get() - startCount;
      System.out.println(
          "THREADS steady "
              + ThreadCpu.byGroup(threadsAtStart, ThreadCpu.snapshot(), Set.of())
              + " transactions="
              + transactions);
      stopping = true;
      Histogram latency = new Histogram(3);
      long aborted = 0;
      for (Terminal terminal : running) {
        terminal.join(30_000);
        if (terminal.failure != null) {
          throw terminal.failure;
        }
        latency.add(terminal.latency);
        aborted += terminal.aborted;
      }
      double seconds = (wallEnd - wallStart) / 1e9;
      System.out.println(
          "STEADY seconds="
              + seconds
              + " transactions="
              + transactions
              + " throughput="
              + (transactions / seconds)
              + " process_cpu_ns="
              + (cpuEnd - cpuStart)
              + " p50_ns="
              + latency.getValueAtPercentile(50)
              + " p99_ns="
              + latency.getValueAtPercentile(99)
              + " aborted="
              + aborted);
    }
    System.out.flush();
    // Through the shutdown hooks, where agents flush what they hold.
    System.exit(0);
  }

  private static void sleepUntil(long wallMillis) throws InterruptedException {
    long wait = wallMillis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }

  /** One terminal: draws a transaction from the mix, runs it, and again, until stopped. */
  private static final class Terminal extends Thread {
    static final AtomicInteger COMPLETED = new AtomicInteger();
    static volatile long firstCompletedMillis;

    private final HikariDataSource pool;
    private final Random random;
    private final OrderEntryTransactions transactions;
    final Histogram latency = new Histogram(3_600_000_000_000L, 3);
    long aborted;
    Exception failure;

    Terminal(HikariDataSource pool, Random random) {
      super("terminal");
      // Should main fail, the JVM ends instead of running its terminals until it is killed.
      setDaemon(true);
      this.pool = pool;
      this.random = random;
      this.transactions = new OrderEntryTransactions(random);
    }

    @Override
    public void run() {
      try {
        while (!stopping) {
          OrderEntryTransactions.Kind kind = OrderEntryTransactions.Kind.draw(random);
          long started = System.nanoTime();
          try (Connection connection = pool.getConnection()) {
            try {
              transactions.run(kind, connection);
            } catch (SQLException e) {
              connection.rollback();
              if (!isConflict(e)) {
                throw e;
              }
              aborted++;
              continue;
            }
          }
          if (COMPLETED.getAndIncrement() == 0) {
            firstCompletedMillis = System.currentTimeMillis();
          }
          if (measuring) {
            latency.recordValue(System.nanoTime() - started);
          }
        }
      } catch (Exception e) {
        failure = e;
      }
    }

    /** A deadlock or serialization failure: the application rolls back and goes on. */
    private static boolean isConflict(SQLException e) {
      String state = e.getSQLState();
      return "40P01".equals(state) || "40001".equals(state);
    }
  }
}
