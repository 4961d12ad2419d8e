package io.querylens.benchmarks.apps;

import io.querylens.benchmarks.overhead.AgentConfiguration;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The order-entry runs, each configuration against no agent in the same round. */
final class OltpReport {

  /** Issue 17's targets for QueryLens exporting, relative to no agent. */
  static final double STEADY_CPU_TARGET = 0.03;

  static final double WHOLE_CPU_TARGET = 0.10;

  private final OltpOptions options;
  private final Rounds<OltpResult> rounds = new Rounds<>();

  OltpReport(OltpOptions options) {
    this.options = options;
  }

  void add(int round, AgentConfiguration configuration, OltpResult result) {
    rounds.add(round, configuration, result);
  }

  static String describe(int round, AgentConfiguration configuration, OltpResult result) {
    return String.format(
        Locale.ROOT,
        "round %d %-22s whole: %.2f CPU-s, %d tx, first tx at %d ms | steady: %.1f tx/s,"
            + " %.0f us CPU/tx, p50 %.2f ms, p99 %.2f ms, %d aborted | received %d db spans",
        round,
        configuration.label(),
        result.wholeCpuSeconds(),
        result.wholeTransactions(),
        result.firstTransactionMillis(),
        result.throughput(),
        result.steadyCpuMicrosPerTransaction(),
        result.p50Nanos() / 1e6,
        result.p99Nanos() / 1e6,
        result.aborted(),
        result.received().databaseSpans());
  }

  void print(PrintStream out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "order-entry, %d terminals, %d rounds; whole = first %.0f s from JVM start; steady = %.0f"
            + " s from %.0f s%n",
        options.terminals,
        options.rounds,
        options.whole,
        options.seconds,
        options.warmup);
    out.println(
        "configuration           whole CPU-s     whole CPU/tx    steady CPU/tx   steady tx/s"
            + "     p50           p99");
    for (AgentConfiguration configuration : options.configs) {
      if (configuration == AgentConfiguration.NONE) {
        continue;
      }
      out.printf(
          Locale.ROOT,
          "%-22s  %-14s  %-14s  %-14s  %-14s  %-12s  %-12s%n",
          configuration.label(),
          change(configuration, OltpResult::wholeCpuSeconds),
          change(configuration, OltpReport::wholeCpuPerTransaction),
          change(configuration, OltpResult::steadyCpuMicrosPerTransaction),
          change(configuration, OltpResult::throughput),
          change(configuration, r -> r.p50Nanos()),
          change(configuration, r -> r.p99Nanos()));
    }
    out.println();
    verdict(
        out,
        "steady-state CPU per transaction, QueryLens exporting",
        relative(AgentConfiguration.QUERYLENS, OltpResult::steadyCpuMicrosPerTransaction),
        STEADY_CPU_TARGET);
    verdict(
        out,
        "whole first "
            + (int) options.whole
            + " s, client CPU per transaction, QueryLens exporting",
        relative(AgentConfiguration.QUERYLENS, OltpReport::wholeCpuPerTransaction),
        WHOLE_CPU_TARGET);
  }

  private static double wholeCpuPerTransaction(OltpResult result) {
    return result.wholeCpuSeconds() / result.wholeTransactions();
  }

  private void verdict(PrintStream out, String what, List<Double> changes, double target) {
    if (changes.isEmpty()) {
      out.println("target " + what + ": not measured");
      return;
    }
    double median = Rounds.median(changes);
    out.printf(
        Locale.ROOT,
        "target %s under +%.0f%%: %+.1f%% -> %s%n",
        what,
        target * 100,
        median * 100,
        median < target ? "met" : "NOT met");
  }

  private String change(AgentConfiguration configuration, ToDoubleFunction<OltpResult> figure) {
    return Rounds.summary(rounds.ratios(configuration, figure), 100, "%+.1f%%");
  }

  private List<Double> relative(
      AgentConfiguration configuration, ToDoubleFunction<OltpResult> figure) {
    return rounds.ratios(configuration, figure);
  }
}
