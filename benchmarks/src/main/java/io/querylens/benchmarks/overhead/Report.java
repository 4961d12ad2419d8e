package io.querylens.benchmarks.overhead;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Every figure relative to no agent in the same round (same workload, same thread count), then min
 * / median / max over rounds, then the targets with "met" or "NOT met" beside each.
 */
final class Report {

  private final OverheadBenchmark.Options options;
  private final CpuPinning pinning;
  private final Map<String, Map<Integer, RunResult>> runs = new LinkedHashMap<>();

  Report(OverheadBenchmark.Options options, CpuPinning pinning) {
    this.options = options;
    this.pinning = pinning;
  }

  void add(
      int round,
      WorkloadKind workload,
      int threads,
      AgentConfiguration configuration,
      RunResult result) {
    runs.computeIfAbsent(key(workload, threads, configuration), k -> new TreeMap<>())
        .put(round, result);
  }

  static String describe(
      int round,
      WorkloadKind workload,
      int threads,
      AgentConfiguration configuration,
      RunResult result) {
    OtlpCounter.Received received = result.received();
    return String.format(
        Locale.ROOT,
        "round %d %-14s %dt %-20s %9.0f stmt/s  cpu %7.1f us/stmt (workers %6.1f)  alloc %8.0f"
            + " B/stmt  p50 %6.0f us  p99 %7.0f us  first stmt %5d ms  heap %4d MB"
            + "  | executed %d, spans %d (db %d), dropped %d, over budget %d,"
            + " duration count %d, metric points %d",
        round,
        workload.label(),
        threads,
        configuration.label(),
        result.throughput(),
        result.processCpuMicrosPerStatement(),
        result.workerCpuMicrosPerStatement(),
        result.allocatedBytesPerStatement(),
        result.p50Nanos() / 1e3,
        result.p99Nanos() / 1e3,
        result.startToFirstMillis(),
        result.heapAfterGcBytes() >> 20,
        result.totalStatements(),
        received.spans(),
        received.databaseSpans(),
        received.droppedSpans(),
        received.overBudgetSpans(),
        received.durationHistogramCount(),
        received.metricPoints());
  }

  void print(PrintStream out) {
    out.println();
    out.println(
        "## Overhead relative to no agent, same round: median [min .. max] over "
            + options.rounds
            + " rounds, "
            + options.seconds
            + " s measured after "
            + options.warmup
            + " s warm-up");
    out.println();
    out.println(pinning.description() + ".");
    out.println();
    out.println(
        "| workload | threads | configuration | throughput ratio | + CPU us/stmt (whole JVM) |"
            + " + CPU us/stmt (workers) | + alloc B/stmt | + p50 us | + p99 us |"
            + " + start to first stmt ms |");
    out.println("|---|---:|---|---|---|---|---|---|---|---|");
    for (WorkloadKind workload : options.workloads) {
      for (int threads : options.threads) {
        Map<Integer, RunResult> base = runs.get(key(workload, threads, AgentConfiguration.NONE));
        if (base == null) {
          continue;
        }
        out.println(
            "| "
                + workload.label()
                + " | "
                + threadsLabel(threads)
                + " | none (absolute) | "
                + absolute(base, RunResult::throughput, "%.0f/s")
                + " | "
                + absolute(base, RunResult::processCpuMicrosPerStatement, "%.1f")
                + " | "
                + absolute(base, RunResult::workerCpuMicrosPerStatement, "%.1f")
                + " | "
                + absolute(base, RunResult::allocatedBytesPerStatement, "%.0f")
                + " | "
                + absolute(base, r -> r.p50Nanos() / 1e3, "%.0f")
                + " | "
                + absolute(base, r -> r.p99Nanos() / 1e3, "%.0f")
                + " | "
                + absolute(base, r -> r.startToFirstMillis(), "%.0f")
                + " |");
        for (AgentConfiguration configuration : options.configs) {
          if (configuration == AgentConfiguration.NONE) {
            continue;
          }
          out.println(
              "| "
                  + workload.label()
                  + " | "
                  + threadsLabel(threads)
                  + " | "
                  + configuration.label()
                  + " | "
                  + format(ratio(workload, threads, configuration, RunResult::throughput), "%.2f")
                  + " | "
                  + format(
                      added(
                          workload,
                          threads,
                          configuration,
                          RunResult::processCpuMicrosPerStatement),
                      "%+.1f")
                  + " | "
                  + format(
                      added(
                          workload, threads, configuration, RunResult::workerCpuMicrosPerStatement),
                      "%+.1f")
                  + " | "
                  + format(
                      added(
                          workload, threads, configuration, RunResult::allocatedBytesPerStatement),
                      "%+.0f")
                  + " | "
                  + format(
                      added(workload, threads, configuration, r -> r.p50Nanos() / 1e3), "%+.0f")
                  + " | "
                  + format(
                      added(workload, threads, configuration, r -> r.p99Nanos() / 1e3), "%+.0f")
                  + " | "
                  + format(
                      added(workload, threads, configuration, r -> r.startToFirstMillis()), "%+.0f")
                  + " |");
        }
      }
    }
    printExport(out);
    printTargets(out);
  }

  /** Spans and metric points received against statements executed: nothing may go missing. */
  private void printExport(PrintStream out) {
    out.println();
    out.println(
        "## Export accounting (configurations exporting to the receiver), per run: statements"
            + " executed in the JVM (warm-up included) against what arrived");
    out.println();
    out.println(
        "| workload | threads | configuration | executed (median) | spans received | spans dropped"
            + " and counted | spans over their shape's budget, counted | spans lost silently"
            + " (worst run) | duration histogram count = executed | metric points (median) |");
    out.println("|---|---:|---|---:|---|---|---|---|---|---:|");
    for (WorkloadKind workload : options.workloads) {
      for (int threads : options.threads) {
        for (AgentConfiguration configuration : options.configs) {
          Map<Integer, RunResult> series = runs.get(key(workload, threads, configuration));
          if (series == null || !configuration.exportsToReceiver()) {
            continue;
          }
          List<Double> executed = new ArrayList<>();
          List<Double> receivedShare = new ArrayList<>();
          List<Double> droppedShare = new ArrayList<>();
          List<Double> overBudgetShare = new ArrayList<>();
          List<Double> points = new ArrayList<>();
          long worstSilent = 0;
          int histogramExact = 0;
          boolean dropCounter = false;
          for (RunResult run : series.values()) {
            OtlpCounter.Received received = run.received();
            executed.add((double) run.totalStatements());
            receivedShare.add(100.0 * received.databaseSpans() / run.totalStatements());
            droppedShare.add(100.0 * received.droppedSpans() / run.totalStatements());
            overBudgetShare.add(100.0 * received.overBudgetSpans() / run.totalStatements());
            points.add((double) received.metricPoints());
            worstSilent = Math.max(worstSilent, silentlyLost(run));
            if (received.durationHistogramCount() == run.totalStatements()) {
              histogramExact++;
            }
            dropCounter |= received.dropCounterSeen();
          }
          out.println(
              "| "
                  + workload.label()
                  + " | "
                  + threadsLabel(threads)
                  + " | "
                  + configuration.label()
                  + " | "
                  + String.format(Locale.ROOT, "%.0f", median(executed))
                  + " | "
                  + format(receivedShare, "%.1f%%")
                  + " | "
                  + (dropCounter ? format(droppedShare, "%.1f%%") : "no drop counter exported")
                  + " | "
                  + format(overBudgetShare, "%.1f%%")
                  + " | "
                  + worstSilent
                  + " | "
                  + histogramExact
                  + " of "
                  + series.size()
                  + " runs | "
                  + String.format(Locale.ROOT, "%.0f", median(points))
                  + " |");
        }
      }
    }
  }

  private static long silentlyLost(RunResult run) {
    OtlpCounter.Received received = run.received();
    return Math.max(
        0,
        run.totalStatements()
            - received.databaseSpans()
            - received.droppedSpans()
            - received.overBudgetSpans());
  }

  private void printTargets(PrintStream out) {
    out.println();
    out.println("## Issue 5 targets (median over rounds, relative to no agent in the same round)");
    out.println();
    out.println(
        "| measure | OpenTelemetry agent (measured here) | QueryLens (measured) | target | |");
    out.println("|---|---|---|---|---|");
    for (int threads : options.threads) {
      String t =
          " ("
              + threads
              + " thread"
              + (threads == 1 ? "" : "s")
              + (pinning.pins(threads) ? ", pinned to one CPU with its backend" : "")
              + ")";
      target(
          out,
          "added allocation per statement, pk_select" + t,
          WorkloadKind.PK_SELECT,
          threads,
          RunResult::allocatedBytesPerStatement,
          "%+.0f B",
          "under 200 B",
          200);
      target(
          out,
          "added allocation per statement, literal_select" + t,
          WorkloadKind.LITERAL_SELECT,
          threads,
          RunResult::allocatedBytesPerStatement,
          "%+.0f B",
          "under 600 B",
          600);
      target(
          out,
          "added allocation per 100-row executeBatch" + t,
          WorkloadKind.BATCH_INSERT,
          threads,
          RunResult::allocatedBytesPerStatement,
          "%+.0f B",
          "under 500 B",
          500);
      target(
          out,
          "added whole-JVM CPU per statement, pk_select, export on" + t,
          WorkloadKind.PK_SELECT,
          threads,
          RunResult::processCpuMicrosPerStatement,
          "%+.1f us",
          "under 1 us",
          1);
      target(
          out,
          "added whole-JVM CPU per statement, literal_select, export on" + t,
          WorkloadKind.LITERAL_SELECT,
          threads,
          RunResult::processCpuMicrosPerStatement,
          "%+.1f us",
          "under 3 us",
          3);
      if (options.configs.contains(AgentConfiguration.QUERYLENS_EVERY_SPAN)) {
        for (WorkloadKind workload : List.of(WorkloadKind.PK_SELECT, WorkloadKind.LITERAL_SELECT)) {
          if (options.workloads.contains(workload)) {
            List<Double> otel =
                added(
                    workload,
                    threads,
                    AgentConfiguration.OTEL,
                    RunResult::processCpuMicrosPerStatement);
            List<Double> every =
                added(
                    workload,
                    threads,
                    AgentConfiguration.QUERYLENS_EVERY_SPAN,
                    RunResult::processCpuMicrosPerStatement);
            row(
                out,
                "(like for like) added whole-JVM CPU per statement, "
                    + workload.label()
                    + ", every execution a span"
                    + t,
                format(otel, "%+.1f us"),
                format(every, "%+.1f us"),
                "(no target: the budget's default exports 100 a second per shape)",
                null);
          }
        }
      }
    }
    if (options.threads.contains(2) && options.workloads.contains(WorkloadKind.LITERAL_SELECT)) {
      List<Double> otel =
          ratio(WorkloadKind.LITERAL_SELECT, 2, AgentConfiguration.OTEL, RunResult::throughput);
      List<Double> ours =
          ratio(
              WorkloadKind.LITERAL_SELECT, 2, AgentConfiguration.QUERYLENS, RunResult::throughput);
      row(
          out,
          "throughput ratio, literal_select, 2 threads, export on",
          format(otel, "%.2f"),
          format(ours, "%.2f"),
          "at least 0.95",
          ours.isEmpty() ? null : median(ours) >= 0.95);
    }
    for (boolean exports : new boolean[] {false, true}) {
      AgentConfiguration otel =
          exports ? AgentConfiguration.OTEL : AgentConfiguration.OTEL_EXPORT_OFF;
      AgentConfiguration ours =
          exports ? AgentConfiguration.QUERYLENS : AgentConfiguration.QUERYLENS_EXPORT_OFF;
      String export = "export " + (exports ? "on (OTLP)" : "off");
      // Judged where the JVM has every CPU, as an application starts; one CPU shared with the
      // agent's start-up thread is reported beside it.
      List<Double> ourStart = addedOverAll(ours, r -> r.startToFirstMillis(), false);
      row(
          out,
          "JVM start to first statement, " + export + ", all unpinned runs",
          format(addedOverAll(otel, r -> r.startToFirstMillis(), false), "%+.0f ms"),
          format(ourStart, "%+.0f ms"),
          "under +300 ms",
          ourStart.isEmpty() ? null : median(ourStart) < 300);
      List<Double> ourPinnedStart = addedOverAll(ours, r -> r.startToFirstMillis(), true);
      if (!ourPinnedStart.isEmpty()) {
        row(
            out,
            "(for information) JVM start to first statement, " + export + ", one pinned CPU",
            format(addedOverAll(otel, r -> r.startToFirstMillis(), true), "%+.0f ms"),
            format(ourPinnedStart, "%+.0f ms"),
            "(no target: the agent's start-up thread shares the application's only CPU)",
            null);
      }
    }
    if (options.threads.contains(2)) {
      row(
          out,
          "spans lost silently at full speed (2 threads), worst run",
          lossSummary(AgentConfiguration.OTEL),
          lossSummary(AgentConfiguration.QUERYLENS),
          "none silent; every statement in the duration histogram",
          options.configs.contains(AgentConfiguration.QUERYLENS)
              ? noneLostSilently(AgentConfiguration.QUERYLENS)
              : null);
    }
    long otelJar = size(options.otelJar);
    long ourJar = size(options.queryLensJar);
    row(
        out,
        "agent jar size",
        String.format(Locale.ROOT, "%.1f MB", otelJar / 1048576.0),
        String.format(Locale.ROOT, "%.1f MB", ourJar / 1048576.0),
        "under 8 MB",
        ourJar < 8L * 1024 * 1024);
    if (options.workloads.contains(WorkloadKind.LITERAL_SELECT)) {
      // Export on when it ran, else export off: the caches are the same, the span queue is not.
      AgentConfiguration otel =
          options.configs.contains(AgentConfiguration.OTEL)
              ? AgentConfiguration.OTEL
              : AgentConfiguration.OTEL_EXPORT_OFF;
      AgentConfiguration ours =
          options.configs.contains(AgentConfiguration.QUERYLENS)
              ? AgentConfiguration.QUERYLENS
              : AgentConfiguration.QUERYLENS_EXPORT_OFF;
      List<Double> otelHeap = new ArrayList<>();
      List<Double> ourHeap = new ArrayList<>();
      List<Double> distinct = new ArrayList<>();
      for (int threads : options.threads) {
        otelHeap.addAll(added(WorkloadKind.LITERAL_SELECT, threads, otel, Report::heapMb));
        ourHeap.addAll(added(WorkloadKind.LITERAL_SELECT, threads, ours, Report::heapMb));
        Map<Integer, RunResult> series = runs.get(key(WorkloadKind.LITERAL_SELECT, threads, ours));
        if (series != null) {
          series.values().forEach(r -> distinct.add((double) r.totalStatements()));
        }
      }
      double seen = distinct.isEmpty() ? 0.0 : median(distinct);
      row(
          out,
          String.format(
              Locale.ROOT,
              "heap held after GC, literal_select, %s / %s (%.0f distinct statements seen)",
              otel.label(),
              ours.label(),
              seen),
          format(otelHeap, "%+.1f MB"),
          format(ourHeap, "%+.1f MB"),
          "under 30 MB at 100k distinct statements",
          seen < 100_000 || ourHeap.isEmpty() ? null : median(ourHeap) < 30);
    }
  }

  private static double heapMb(RunResult run) {
    return run.heapAfterGcBytes() / 1048576.0;
  }

  private void target(
      PrintStream out,
      String measure,
      WorkloadKind workload,
      int threads,
      ToDoubleFunction<RunResult> value,
      String pattern,
      String target,
      double limit) {
    if (!options.workloads.contains(workload)) {
      return;
    }
    List<Double> otel = added(workload, threads, AgentConfiguration.OTEL, value);
    List<Double> ours = added(workload, threads, AgentConfiguration.QUERYLENS, value);
    row(
        out,
        measure,
        format(otel, pattern),
        format(ours, pattern),
        target,
        ours.isEmpty() ? null : median(ours) < limit);
  }

  private static void row(
      PrintStream out, String measure, String otel, String ours, String target, Boolean met) {
    out.println(
        "| "
            + measure
            + " | "
            + otel
            + " | "
            + ours
            + " | "
            + target
            + " | "
            + (met == null ? "not judged" : met ? "met" : "**NOT met**")
            + " |");
  }

  /** The run that lost the largest share silently, or "0 in N runs". */
  private String lossSummary(AgentConfiguration configuration) {
    long worstLost = 0;
    long worstExecuted = 1;
    int count = 0;
    for (WorkloadKind workload : options.workloads) {
      Map<Integer, RunResult> series = runs.get(key(workload, 2, configuration));
      if (series == null) {
        continue;
      }
      for (RunResult run : series.values()) {
        count++;
        long lost = silentlyLost(run);
        if ((double) lost / run.totalStatements() > (double) worstLost / worstExecuted) {
          worstLost = lost;
          worstExecuted = run.totalStatements();
        }
      }
    }
    if (count == 0) {
      return "not run";
    }
    if (worstLost == 0) {
      return "0 in " + count + " runs";
    }
    return String.format(
        Locale.ROOT,
        "%d of %d (%.1f%%)",
        worstLost,
        worstExecuted,
        100.0 * worstLost / worstExecuted);
  }

  private boolean noneLostSilently(AgentConfiguration configuration) {
    for (WorkloadKind workload : options.workloads) {
      Map<Integer, RunResult> series = runs.get(key(workload, 2, configuration));
      if (series == null) {
        continue;
      }
      for (RunResult run : series.values()) {
        if (silentlyLost(run) > 0
            || run.received().durationHistogramCount() != run.totalStatements()) {
          return false;
        }
      }
    }
    return true;
  }

  /** Every workload's and thread count's rounds, pinned or unpinned ones. */
  private List<Double> addedOverAll(
      AgentConfiguration configuration, ToDoubleFunction<RunResult> value, boolean pinned) {
    List<Double> all = new ArrayList<>();
    for (WorkloadKind workload : options.workloads) {
      for (int threads : options.threads) {
        if (pinning.pins(threads) == pinned) {
          all.addAll(added(workload, threads, configuration, value));
        }
      }
    }
    return all;
  }

  private List<Double> added(
      WorkloadKind workload,
      int threads,
      AgentConfiguration configuration,
      ToDoubleFunction<RunResult> value) {
    return paired(workload, threads, configuration, value, false);
  }

  private List<Double> ratio(
      WorkloadKind workload,
      int threads,
      AgentConfiguration configuration,
      ToDoubleFunction<RunResult> value) {
    return paired(workload, threads, configuration, value, true);
  }

  /** Per round: the configuration's value against no agent's in that same round. */
  private List<Double> paired(
      WorkloadKind workload,
      int threads,
      AgentConfiguration configuration,
      ToDoubleFunction<RunResult> value,
      boolean asRatio) {
    List<Double> values = new ArrayList<>();
    Map<Integer, RunResult> base = runs.get(key(workload, threads, AgentConfiguration.NONE));
    Map<Integer, RunResult> measured = runs.get(key(workload, threads, configuration));
    if (base == null || measured == null) {
      return values;
    }
    for (Map.Entry<Integer, RunResult> entry : measured.entrySet()) {
      RunResult baseline = base.get(entry.getKey());
      if (baseline != null) {
        double ours = value.applyAsDouble(entry.getValue());
        double theirs = value.applyAsDouble(baseline);
        values.add(asRatio ? ours / theirs : ours - theirs);
      }
    }
    return values;
  }

  private static String absolute(
      Map<Integer, RunResult> series, ToDoubleFunction<RunResult> value, String pattern) {
    List<Double> values = new ArrayList<>();
    for (RunResult run : series.values()) {
      values.add(value.applyAsDouble(run));
    }
    return format(values, pattern);
  }

  /** {@code median [min .. max]}, or the one value when there is one round. */
  private static String format(List<Double> values, String pattern) {
    if (values.isEmpty()) {
      return "not run";
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    String median = String.format(Locale.ROOT, pattern, median(sorted));
    if (sorted.size() == 1) {
      return median;
    }
    return median
        + " ["
        + String.format(Locale.ROOT, pattern, sorted.get(0))
        + " .. "
        + String.format(Locale.ROOT, pattern, sorted.get(sorted.size() - 1))
        + "]";
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static long size(Path jar) {
    try {
      return Files.size(jar);
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private String threadsLabel(int threads) {
    return pinning.pins(threads) ? threads + " (pinned)" : Integer.toString(threads);
  }

  private static String key(WorkloadKind workload, int threads, AgentConfiguration configuration) {
    return workload.label() + "|" + threads + "|" + configuration.label();
  }
}
