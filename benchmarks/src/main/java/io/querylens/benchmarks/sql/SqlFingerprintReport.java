package io.querylens.benchmarks.sql;

import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.sql.StatementShape;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link SqlFingerprintBenchmark} with the GC profiler and prints, per workload, our
 * throughput against the peer's, our allocation beyond the result, and the cache-hit cost — each
 * against the target. JMH options pass through, e.g. {@code -f 1 -wi 3 -w 1s -i 5 -r 1s}.
 */
public final class SqlFingerprintReport {

  private static final double THROUGHPUT_TARGET = 3.0;
  private static final double CACHE_HIT_TARGET_NS = 50.0;

  private SqlFingerprintReport() {}

  public static void main(String[] args) throws Exception {
    Options options =
        new OptionsBuilder()
            .parent(new CommandLineOptions(args))
            .include(SqlFingerprintBenchmark.class.getName())
            .addProfiler(GCProfiler.class)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    System.out.println();
    System.out.println(table(results));
  }

  static String table(Collection<RunResult> results) {
    Map<String, Map<String, RunResult>> byWorkload = new LinkedHashMap<>();
    for (RunResult result : results) {
      String workload = result.getParams().getParam("workload");
      String benchmark = result.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      byWorkload.computeIfAbsent(workload, w -> new LinkedHashMap<>()).put(method, result);
    }
    StringBuilder out = new StringBuilder();
    out.append(
        "| workload | ours ops/s | peer ops/s | ours/peer | >= 3x | ours B/op | result B/op (est.)"
            + " | beyond result | cache hit ns (ours) | cache hit ns (peer) | hit < 50 ns |\n");
    out.append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
    for (Map.Entry<String, Map<String, RunResult>> entry : byWorkload.entrySet()) {
      Map<String, RunResult> runs = entry.getValue();
      double ours = score(runs.get("oursUncached"));
      double peer = score(runs.get("peerUncached"));
      double ratio = ours / peer;
      double oursBytes = allocatedBytes(runs.get("oursUncached"));
      long resultBytes =
          estimatedResultBytes(SqlFingerprinter.shape(Workloads.sql(entry.getKey())));
      double hitNs = 1e9 / score(runs.get("oursCacheHit"));
      double peerHitNs = 1e9 / score(runs.get("peerCacheHit"));
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %,.0f | %.1fx | %s | %,.0f | %,d | %,.0f | %.1f | %.1f | %s |%n",
              entry.getKey(),
              ours,
              peer,
              ratio,
              ratio >= THROUGHPUT_TARGET ? "met" : "NOT met",
              oursBytes,
              resultBytes,
              oursBytes - resultBytes,
              hitNs,
              peerHitNs,
              hitNs < CACHE_HIT_TARGET_NS ? "met" : "NOT met"));
    }
    return out.toString();
  }

  private static double score(RunResult run) {
    return run == null ? Double.NaN : run.getPrimaryResult().getScore();
  }

  private static double allocatedBytes(RunResult run) {
    if (run == null) {
      return Double.NaN;
    }
    for (Map.Entry<String, Result> secondary : run.getSecondaryResults().entrySet()) {
      if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
        return secondary.getValue().getScore();
      }
    }
    return Double.NaN;
  }

  /**
   * The heap a result holds on a 64-bit JVM with compressed oops and compact strings: the shape,
   * its fingerprint, each string (object plus Latin-1 bytes), the table list. An operation name
   * written in upper case is the shared keyword constant; any other is counted.
   */
  static long estimatedResultBytes(StatementShape shape) {
    long bytes = align(12 + 6 * 4 + 1) + align(12 + 8);
    bytes += stringBytes(shape.sanitizedText());
    bytes += stringBytes(shape.normalizedText());
    bytes += stringBytes(shape.summary());
    String operation = shape.operationName();
    boolean sharedConstant =
        operation == null
            || (operation.indexOf(' ') < 0 && operation.equals(operation.toUpperCase(Locale.ROOT)));
    if (!sharedConstant) {
      // Written other than in upper case ("select"), the operation name is a string of its own.
      bytes += stringBytes(operation);
    }
    for (String table : shape.collectionNames()) {
      bytes += stringBytes(table);
    }
    int tables = shape.collectionNames().size();
    bytes += tables <= 2 ? align(12 + 8) : align(12 + 4) + align(16 + 4L * tables);
    return bytes;
  }

  private static long stringBytes(String text) {
    return text.isEmpty() ? 0 : align(24) + align(16 + text.length());
  }

  private static long align(long bytes) {
    return (bytes + 7) & ~7L;
  }
}
