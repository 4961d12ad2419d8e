package io.querylens.benchmarks.sql;

import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.sql.StatementShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link SqlFingerprintBenchmark} with the GC profiler and prints, per workload, our
 * throughput against the peer's, our allocation beyond the result, and the cache-hit cost — each
 * against the target. JMH options pass through, e.g. {@code -f 1 -wi 3 -w 1s -i 5 -r 1s}.
 *
 * <p>{@code -rounds N} (N > 1) is for a shared machine, where other work comes and goes within a
 * minute: per workload, ours and the peer's uncached runs go back to back, N times over, and the
 * table shows the median ratio of those pairs (and median ops/s).
 */
public final class SqlFingerprintReport {

  private static final double THROUGHPUT_TARGET = 3.0;
  private static final double CACHE_HIT_TARGET_NS = 50.0;
  private static final String BENCHMARK = SqlFingerprintBenchmark.class.getName();
  private static final String[] WORKLOADS = {
    Workloads.PK_SELECT, Workloads.ORM_JOIN_2KB, Workloads.IN_LIST_100, Workloads.VALUES_500_ROWS
  };

  private SqlFingerprintReport() {}

  public static void main(String[] args) throws Exception {
    int rounds = 1;
    List<String> jmhArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-rounds") && i + 1 < args.length) {
        rounds = Integer.parseInt(args[++i]);
      } else {
        jmhArgs.add(args[i]);
      }
    }
    CommandLineOptions cli = new CommandLineOptions(jmhArgs.toArray(new String[0]));
    List<RunResult> results = new ArrayList<>();
    if (rounds <= 1) {
      results.addAll(run(cli, BENCHMARK, null));
    } else {
      for (int round = 0; round < rounds; round++) {
        for (String workload : WORKLOADS) {
          results.addAll(run(cli, BENCHMARK + ".(oursUncached|peerUncached)$", workload));
        }
      }
      results.addAll(run(cli, BENCHMARK + ".(oursCacheHit|peerCacheHit)$", null));
    }
    System.out.println();
    System.out.println(table(results, Math.max(1, rounds)));
  }

  private static Collection<RunResult> run(CommandLineOptions cli, String include, String workload)
      throws Exception {
    OptionsBuilder options = new OptionsBuilder();
    options.parent(cli).include(include).addProfiler(GCProfiler.class);
    if (workload != null) {
      options.param("workload", workload);
    }
    return new Runner(options.build()).run();
  }

  static String table(Collection<RunResult> results, int rounds) {
    Map<String, Map<String, List<RunResult>>> byWorkload = new LinkedHashMap<>();
    for (RunResult result : results) {
      String workload = result.getParams().getParam("workload");
      String benchmark = result.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      byWorkload
          .computeIfAbsent(workload, w -> new LinkedHashMap<>())
          .computeIfAbsent(method, m -> new ArrayList<>())
          .add(result);
    }
    StringBuilder out = new StringBuilder();
    if (rounds > 1) {
      out.append("ours/peer: median of ").append(rounds).append(" back-to-back pairs\n\n");
    }
    out.append(
        "| workload | ours ops/s | peer ops/s | ours/peer | >= 3x | ours B/op | result B/op (est.)"
            + " | beyond result | cache hit ns (ours) | cache hit ns (peer) | hit < 50 ns |\n");
    out.append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
    for (Map.Entry<String, Map<String, List<RunResult>>> entry : byWorkload.entrySet()) {
      Map<String, List<RunResult>> runs = entry.getValue();
      List<RunResult> oursRuns = runs.getOrDefault("oursUncached", List.of());
      List<RunResult> peerRuns = runs.getOrDefault("peerUncached", List.of());
      int pairs = Math.min(oursRuns.size(), peerRuns.size());
      double[] ratios = new double[pairs];
      for (int i = 0; i < pairs; i++) {
        ratios[i] = score(oursRuns.get(i)) / score(peerRuns.get(i));
      }
      double ours = median(scores(oursRuns));
      double peer = median(scores(peerRuns));
      double ratio = median(ratios);
      double oursBytes = oursRuns.isEmpty() ? Double.NaN : allocatedBytes(oursRuns.get(0));
      long resultBytes =
          estimatedResultBytes(SqlFingerprinter.shape(Workloads.sql(entry.getKey())));
      double hitNs = 1e9 / median(scores(runs.getOrDefault("oursCacheHit", List.of())));
      double peerHitNs = 1e9 / median(scores(runs.getOrDefault("peerCacheHit", List.of())));
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

  private static double[] scores(List<RunResult> runs) {
    double[] scores = new double[runs.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = score(runs.get(i));
    }
    return scores;
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
