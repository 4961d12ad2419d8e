package io.querylens.benchmarks.apps;

import io.querylens.benchmarks.overhead.AgentConfiguration;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Spring starts and loads, each configuration against no agent in the same round. */
final class SpringReport {

  /** Issue 17's targets for QueryLens exporting. */
  static final double STARTED_IN_TARGET_SECONDS = 0.3;

  static final double CPU_AT_READY_TARGET_SECONDS = 1.0;
  static final double CPU_PER_REQUEST_TARGET = 0.03;

  private final SpringOptions options;
  private final Rounds<SpringResult> rounds = new Rounds<>();
  private final Rounds<SpringResult> loads = new Rounds<>();

  SpringReport(SpringOptions options) {
    this.options = options;
  }

  void add(int round, AgentConfiguration configuration, SpringResult result) {
    rounds.add(round, configuration, result);
    if (!Double.isNaN(result.cpuMicrosPerRequest())) {
      loads.add(round, configuration, result);
    }
  }

  static String describe(
      int round, int start, AgentConfiguration configuration, SpringResult result) {
    return String.format(
        Locale.ROOT,
        "round %d %-22s start %d: Started in %.2f s, ready at %.2f s, first request at %.2f s,"
            + " %.2f CPU-s at ready%s",
        round,
        configuration.label(),
        start,
        result.startedInSeconds(),
        result.readySeconds(),
        result.firstRequestSeconds(),
        result.cpuSecondsAtReady(),
        Double.isNaN(result.cpuMicrosPerRequest())
            ? ""
            : String.format(
                Locale.ROOT,
                " | load: %.0f us CPU/request, %.0f requests/s",
                result.cpuMicrosPerRequest(),
                result.requestsPerSecond()));
  }

  void print(PrintStream out) {
    out.println();
    out.printf(
        Locale.ROOT,
        "spring, %d rounds of %d starts; load: %d clients, %d requests after %d%n",
        options.rounds,
        options.starts,
        options.clients,
        options.requests,
        options.warmupRequests);
    out.println(
        "configuration           Started in (s)       first request (s)    CPU-s at ready"
            + "       CPU/request          requests/s");
    for (AgentConfiguration configuration : options.configs) {
      if (configuration == AgentConfiguration.NONE) {
        continue;
      }
      out.printf(
          Locale.ROOT,
          "%-22s  %-19s  %-19s  %-19s  %-19s  %-19s%n",
          configuration.label(),
          Rounds.summary(
              rounds.differences(configuration, SpringResult::startedInSeconds), 1, "%+.2f"),
          Rounds.summary(
              rounds.differences(configuration, SpringResult::firstRequestSeconds), 1, "%+.2f"),
          Rounds.summary(
              rounds.differences(configuration, SpringResult::cpuSecondsAtReady), 1, "%+.2f"),
          Rounds.summary(
              loads.ratios(configuration, SpringResult::cpuMicrosPerRequest), 100, "%+.1f%%"),
          Rounds.summary(
              loads.ratios(configuration, SpringResult::requestsPerSecond), 100, "%+.1f%%"));
    }
    out.println();
    AgentConfiguration ours = AgentConfiguration.QUERYLENS;
    verdict(
        out,
        "\"Started in\", QueryLens exporting, under +" + STARTED_IN_TARGET_SECONDS + " s",
        rounds.differences(ours, SpringResult::startedInSeconds),
        STARTED_IN_TARGET_SECONDS,
        "%+.2f s");
    verdict(
        out,
        "CPU-seconds at ready, QueryLens exporting, under +" + CPU_AT_READY_TARGET_SECONDS + " s",
        rounds.differences(ours, SpringResult::cpuSecondsAtReady),
        CPU_AT_READY_TARGET_SECONDS,
        "%+.2f s");
    verdict(
        out,
        "steady-state CPU per request, QueryLens exporting, under +3%",
        scaled(loads.ratios(ours, SpringResult::cpuMicrosPerRequest)),
        CPU_PER_REQUEST_TARGET * 100,
        "%+.1f%%");
  }

  private static List<Double> scaled(List<Double> ratios) {
    List<Double> percent = new ArrayList<>();
    for (double ratio : ratios) {
      percent.add(ratio * 100);
    }
    return percent;
  }

  private static void verdict(
      PrintStream out, String what, List<Double> values, double target, String format) {
    if (values.isEmpty()) {
      out.println("target " + what + ": not measured");
      return;
    }
    double median = Rounds.median(values);
    out.println(
        "target "
            + what
            + ": "
            + String.format(Locale.ROOT, format, median)
            + " -> "
            + (median < target ? "met" : "NOT met"));
  }
}
