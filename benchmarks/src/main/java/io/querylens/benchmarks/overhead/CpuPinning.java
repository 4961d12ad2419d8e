package io.querylens.benchmarks.overhead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Where a 1-thread workload JVM and its PostgreSQL backend run: both on one CPU.
 *
 * <p>Why: with one connection the worker and its backend take turns, so unpinned each turn wakes an
 * idle CPU. On a virtual machine that wake-up is the statement's main cost and its most variable
 * one: on the 2-CPU machine these figures come from, an unpinned 1-thread literal_select costs 46
 * us of JVM CPU per statement and one configuration's rounds spread over 10 us, against 8.4 to 8.8
 * us when the JVM and the backend share one busy CPU. A 3 us target cannot be judged through that.
 * The 2-thread runs keep both CPUs busy and stay unpinned.
 *
 * <p>The pinned JVM is told the machine's CPU count ({@code -XX:ActiveProcessorCount}), so it picks
 * the same collector and compiler threads as the unpinned runs: only where its threads run differs.
 * Pinning needs Linux's {@code taskset} and a PostgreSQL this benchmark started (its postmaster's
 * affinity is what new backends inherit); otherwise nothing is pinned and the report says so.
 */
final class CpuPinning {

  private static final Path TASKSET = Paths.get("/usr/bin/taskset");

  /** The highest-numbered CPU: the first one tends to take the machine's interrupts. */
  private final int cpu;

  private final int cpus;
  private final long postmasterPid;
  private final String description;

  private CpuPinning(int cpu, int cpus, long postmasterPid, String description) {
    this.cpu = cpu;
    this.cpus = cpus;
    this.postmasterPid = postmasterPid;
    this.description = description;
  }

  static CpuPinning off(String why) {
    return new CpuPinning(-1, Runtime.getRuntime().availableProcessors(), -1, why);
  }

  /** Pinning for the embedded PostgreSQL behind {@code url}, or off with the reason why not. */
  static CpuPinning forEmbeddedPostgres(String url, String user, String password)
      throws SQLException {
    int cpus = Runtime.getRuntime().availableProcessors();
    if (!Files.isExecutable(TASKSET)) {
      return off("1-thread runs not pinned: no " + TASKSET);
    }
    if (cpus < 2) {
      return off("1-thread runs not pinned: the machine has one CPU");
    }
    Optional<ProcessHandle> postmaster = postmaster(url, user, password);
    if (postmaster.isEmpty()) {
      return off("1-thread runs not pinned: PostgreSQL's postmaster process not found");
    }
    int cpu = cpus - 1;
    return new CpuPinning(
        cpu,
        cpus,
        postmaster.get().pid(),
        "1-thread runs pinned: the workload JVM and its PostgreSQL backend share CPU "
            + cpu
            + " (taskset), the JVM sized for "
            + cpus
            + " CPUs");
  }

  boolean pins(int threads) {
    return cpu >= 0 && threads == 1;
  }

  String description() {
    return description;
  }

  /** What goes before the {@code java} command of a workload JVM with this many threads. */
  List<String> commandPrefix(int threads) {
    List<String> prefix = new ArrayList<>();
    if (pins(threads)) {
      prefix.add(TASKSET.toString());
      prefix.add("-c");
      prefix.add(Integer.toString(cpu));
    }
    return prefix;
  }

  /** JVM flags of a workload JVM with this many threads. */
  List<String> jvmFlags(int threads) {
    List<String> flags = new ArrayList<>();
    if (pins(threads)) {
      flags.add("-XX:ActiveProcessorCount=" + cpus);
    }
    return flags;
  }

  /**
   * Sets the postmaster's CPUs for the next workload's connections: the backends it forks for them
   * inherit its affinity. Does nothing when pinning is off.
   */
  void placePostgresFor(int threads) throws IOException, InterruptedException {
    if (cpu < 0) {
      return;
    }
    String cpuList = pins(threads) ? Integer.toString(cpu) : "0-" + (cpus - 1);
    Process taskset =
        new ProcessBuilder(
                TASKSET.toString(), "-a", "-p", "-c", cpuList, Long.toString(postmasterPid))
            .redirectErrorStream(true)
            .start();
    byte[] output = taskset.getInputStream().readAllBytes();
    if (!taskset.waitFor(30, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
      throw new IllegalStateException(
          "taskset could not place PostgreSQL (pid "
              + postmasterPid
              + ") on CPUs "
              + cpuList
              + ": "
              + new String(output, StandardCharsets.UTF_8).trim());
    }
  }

  /** A backend's parent is the postmaster. */
  private static Optional<ProcessHandle> postmaster(String url, String user, String password)
      throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement();
        ResultSet backend = statement.executeQuery("SELECT pg_backend_pid()")) {
      backend.next();
      return ProcessHandle.of(backend.getLong(1)).flatMap(ProcessHandle::parent);
    }
  }
}
