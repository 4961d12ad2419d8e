package io.querylens.benchmarks.overhead;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The measured JVM: a plain JDBC application (no framework, no pool) that runs one workload on
 * {@code threads} connections for a warm-up and then a measured window, and prints one {@code
 * RESULT} line. Started by {@link OverheadBenchmark} with or without an agent:
 *
 * <pre>java [agent flags] -cp benchmarks.jar io.querylens.benchmarks.overhead.Workload
 *     url workload threads seconds warmupSeconds</pre>
 */
public final class Workload {

  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int STOP = 2;

  private static volatile int phase = WARMUP;

  /** Wall-clock millis when the first statement of the JVM came back; 0 until then. */
  private static final AtomicLong FIRST_STATEMENT_MILLIS = new AtomicLong();

  private Workload() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    WorkloadKind kind = WorkloadKind.byLabel(args[1]);
    int threads = Integer.parseInt(args[2]);
    long measureMillis = (long) (Double.parseDouble(args[3]) * 1000);
    long warmupMillis = (long) (Double.parseDouble(args[4]) * 1000);

    List<Worker> workers = new ArrayList<>();
    CountDownLatch ready = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      Worker worker = new Worker(url, kind, ready);
      workers.add(worker);
      worker.start();
    }
    ready.await();
    Thread.sleep(warmupMillis);

    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Map<Long, Long> threadCpuStart = ThreadCpu.snapshot();
    Map<String, Long> nativeCpuStart = NativeThreadCpu.snapshot();
    long cpuStart = os.getProcessCpuTime();
    long wallStart = System.nanoTime();
    phase = MEASURE;
    Thread.sleep(measureMillis);
    phase = STOP;
    long wallEnd = System.nanoTime();
    long cpuEnd = os.getProcessCpuTime();
    Map<String, Long> nativeCpuEnd = NativeThreadCpu.snapshot();
    Map<Long, Long> threadCpuEnd = ThreadCpu.snapshot();

    Histogram latency = new Histogram(3);
    long measured = 0;
    long total = 0;
    long workerCpu = 0;
    long workerAllocated = 0;
    for (Worker worker : workers) {
      worker.join();
      if (worker.failure != null) {
        throw worker.failure;
      }
      latency.add(worker.latency);
      measured += worker.measured;
      total += worker.total;
      workerCpu += worker.cpuNanos;
      workerAllocated += worker.allocatedBytes;
    }
    long startToFirst =
        FIRST_STATEMENT_MILLIS.get() - ManagementFactory.getRuntimeMXBean().getStartTime();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    long heapAfterGc = memory.getHeapMemoryUsage().getUsed();
    double seconds = (wallEnd - wallStart) / 1e9;
    System.out.println(
        "RESULT"
            + " statements="
            + measured
            + " total_statements="
            + total
            + " seconds="
            + seconds
            + " throughput="
            + (measured / seconds)
            + " process_cpu_ns="
            + (cpuEnd - cpuStart)
            + " worker_cpu_ns="
            + workerCpu
            + " worker_allocated_bytes="
            + workerAllocated
            + " p50_ns="
            + latency.getValueAtPercentile(50)
            + " p99_ns="
            + latency.getValueAtPercentile(99)
            + " start_to_first_ms="
            + startToFirst
            + " heap_after_gc_bytes="
            + heapAfterGc);
    // Where the whole-JVM CPU went: the workers (as they measured themselves: one may have ended
    // before the snapshot), the other Java threads by name, the rest the JVM's own (JIT, GC).
    Set<Long> workerIds = new HashSet<>();
    for (Worker worker : workers) {
      workerIds.add(worker.getId());
    }
    long otherThreads = ThreadCpu.total(threadCpuStart, threadCpuEnd, workerIds);
    System.out.println(
        "THREAD_CPU_NS workers="
            + workerCpu
            + " "
            + ThreadCpu.byGroup(threadCpuStart, threadCpuEnd, workerIds)
            + " jvm_internal="
            + (cpuEnd - cpuStart - workerCpu - otherThreads));
    // The same window as Linux accounts it, the JVM's hidden threads (JIT, GC, VM) by name.
    System.out.println(
        "NATIVE_THREAD_CPU_NS " + NativeThreadCpu.byGroup(nativeCpuStart, nativeCpuEnd));
    System.out.flush();
    // Exit through the shutdown hooks: that is where agents flush their last spans and metrics.
    System.exit(0);
  }

  /** One connection, one prepared operation, counters read on its own thread. */
  private static final class Worker extends Thread {
    private final String url;
    private final WorkloadKind kind;
    private final CountDownLatch ready;
    final Histogram latency = new Histogram(3_600_000_000_000L, 3);
    long measured;
    long total;
    long cpuNanos;
    long allocatedBytes;
    Exception failure;

    Worker(String url, WorkloadKind kind, CountDownLatch ready) {
      super("workload-" + kind.label());
      // Should main fail, the JVM ends instead of running its workload until it is killed.
      setDaemon(true);
      this.url = url;
      this.kind = kind;
      this.ready = ready;
    }

    @Override
    public void run() {
      com.sun.management.ThreadMXBean threads =
          (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      try (Connection connection = DriverManager.getConnection(url);
          WorkloadKind.Operation operation = kind.open(connection)) {
        ready.countDown();
        long sequence = 0;
        boolean measuring = false;
        long cpuStart = 0;
        long allocatedStart = 0;
        while (true) {
          int now = phase;
          if (now == STOP) {
            break;
          }
          if (now == MEASURE && !measuring) {
            measuring = true;
            cpuStart = threads.getCurrentThreadCpuTime();
            allocatedStart = threads.getCurrentThreadAllocatedBytes();
          }
          long started = System.nanoTime();
          operation.run(sequence++);
          long took = System.nanoTime() - started;
          if (total++ == 0) {
            FIRST_STATEMENT_MILLIS.compareAndSet(0, System.currentTimeMillis());
          }
          if (measuring) {
            measured++;
            latency.recordValue(took);
          }
        }
        if (measuring) {
          cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
          allocatedBytes = threads.getCurrentThreadAllocatedBytes() - allocatedStart;
        }
      } catch (Exception e) {
        failure = e;
        ready.countDown();
      }
    }
  }
}
