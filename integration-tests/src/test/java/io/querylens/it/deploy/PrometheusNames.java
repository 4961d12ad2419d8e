package io.querylens.it.deploy;

import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The names an OpenTelemetry metric gets in Prometheus, as its OTLP receiver (and the collector's
 * prometheus exporter) store it by default: the OpenTelemetry specification's "OTLP metric points
 * to Prometheus" with suffixes. Words split at any character other than a letter, digit or colon
 * and join with underscores; the unit follows as a word unless the name has it already (annotations
 * in braces dropped, {@code 1} on a gauge becomes {@code ratio}); monotonic sums end in {@code
 * _total}; histograms are {@code _bucket}, {@code _sum} and {@code _count}.
 */
final class PrometheusNames {

  private static final Map<String, String> UNITS =
      Map.ofEntries(
          Map.entry("d", "days"),
          Map.entry("h", "hours"),
          Map.entry("min", "minutes"),
          Map.entry("s", "seconds"),
          Map.entry("ms", "milliseconds"),
          Map.entry("us", "microseconds"),
          Map.entry("ns", "nanoseconds"),
          Map.entry("By", "bytes"),
          Map.entry("KiBy", "kibibytes"),
          Map.entry("MiBy", "mebibytes"),
          Map.entry("KBy", "kilobytes"),
          Map.entry("MBy", "megabytes"),
          Map.entry("%", "percent"));

  private PrometheusNames() {}

  /** The sample names {@code metric}'s points are stored under. */
  static List<String> of(Metric metric) {
    String unit = metric.getUnit();
    switch (metric.getDataCase()) {
      case HISTOGRAM:
        String base = name(metric.getName(), unit, false, false);
        return List.of(base + "_bucket", base + "_sum", base + "_count");
      case SUM:
        boolean monotonic = metric.getSum().getIsMonotonic();
        return List.of(name(metric.getName(), unit, monotonic, false));
      case GAUGE:
        return List.of(name(metric.getName(), unit, false, true));
      default:
        throw new IllegalArgumentException("no rule for " + metric.getDataCase());
    }
  }

  static String name(String otelName, String unit, boolean counter, boolean gauge) {
    List<String> words = new ArrayList<>(List.of(otelName.split("[^a-zA-Z0-9:]+")));
    words.removeIf(String::isEmpty);
    String unitWord = UNITS.get(unit.replaceAll("\\{[^}]*}", ""));
    if (unitWord != null && !words.contains(unitWord)) {
      words.add(unitWord);
    }
    if (counter) {
      words.remove("total");
      words.add("total");
    }
    if (gauge && unit.equals("1")) {
      words.remove("ratio");
      words.add("ratio");
    }
    return String.join("_", words);
  }

  /** An attribute's label name: every character outside {@code [a-zA-Z0-9_]} becomes {@code _}. */
  static String label(String attribute) {
    return attribute.replaceAll("[^a-zA-Z0-9_]", "_");
  }
}
