package io.querylens.benchmarks.apps;

import io.querylens.benchmarks.overhead.AgentConfiguration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * Results by round and configuration, and each configuration's figures against no agent in the same
 * round: per round the change, then the median over rounds with the range, so that a noisy round
 * moves the range and not the verdict.
 */
final class Rounds<R> {

  private final Map<Integer, Map<AgentConfiguration, List<R>>> rounds = new TreeMap<>();

  void add(int round, AgentConfiguration configuration, R result) {
    rounds
        .computeIfAbsent(round, r -> new EnumMap<>(AgentConfiguration.class))
        .computeIfAbsent(configuration, c -> new ArrayList<>())
        .add(result);
  }

  /** Per round, {@code figure} of {@code configuration} over no agent's, minus one. */
  List<Double> ratios(AgentConfiguration configuration, ToDoubleFunction<R> figure) {
    return compare(configuration, figure, false);
  }

  /** Per round, {@code figure} of {@code configuration} minus no agent's. */
  List<Double> differences(AgentConfiguration configuration, ToDoubleFunction<R> figure) {
    return compare(configuration, figure, true);
  }

  /** {@code median [min..max]} of {@code values} times {@code scale}, or "-" without values. */
  static String summary(List<Double> values, double scale, String format) {
    if (values.isEmpty()) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        format + " [" + format + ".." + format + "]",
        median(values) * scale,
        Collections.min(values) * scale,
        Collections.max(values) * scale);
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Within a round, a configuration's several results (starts) count by their median. */
  private List<Double> compare(
      AgentConfiguration configuration, ToDoubleFunction<R> figure, boolean difference) {
    List<Double> changes = new ArrayList<>();
    for (Map<AgentConfiguration, List<R>> round : rounds.values()) {
      List<R> none = round.get(AgentConfiguration.NONE);
      List<R> with = round.get(configuration);
      if (none == null || with == null) {
        continue;
      }
      double base = medianOf(none, figure);
      double value = medianOf(with, figure);
      double change = difference ? value - base : value / base - 1;
      // A figure that does not exist in a round (no transaction in a window) is left out.
      if (Double.isFinite(change)) {
        changes.add(change);
      }
    }
    return changes;
  }

  private static <R> double medianOf(List<R> results, ToDoubleFunction<R> figure) {
    List<Double> values = new ArrayList<>();
    for (R result : results) {
      values.add(figure.applyAsDouble(result));
    }
    return median(values);
  }
}
