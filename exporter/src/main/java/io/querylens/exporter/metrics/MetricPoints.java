package io.querylens.exporter.metrics;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The points of one snapshot, grouped by metric, with start times from {@link SeriesStarts}. */
final class MetricPoints {

  private final Map<PgMetric, List<LongPointData>> longs = new EnumMap<>(PgMetric.class);
  private final Map<PgMetric, List<DoublePointData>> doubles = new EnumMap<>(PgMetric.class);
  private final SeriesStarts starts;
  private final long sampledAt;
  private final long serverStart;

  MetricPoints(SeriesStarts starts, long sampledAtNanos, long serverStartNanos) {
    this.starts = starts;
    this.sampledAt = sampledAtNanos;
    this.serverStart = serverStartNanos;
  }

  /** A monotonic counter whose series began at {@code reset} (null: the server's start). */
  void counter(PgMetric metric, Attributes attributes, long value, Instant reset) {
    long start = starts.start(metric, attributes, value, nanos(reset), serverStart);
    longs
        .computeIfAbsent(metric, m -> new ArrayList<>())
        .add(LongPointData.create(start, sampledAt, attributes, value));
  }

  void counter(PgMetric metric, Attributes attributes, double value, Instant reset) {
    long start = starts.start(metric, attributes, value, nanos(reset), serverStart);
    doubles
        .computeIfAbsent(metric, m -> new ArrayList<>())
        .add(DoublePointData.create(start, sampledAt, attributes, value, Collections.emptyList()));
  }

  /** A value that goes up and down (a size, a row count): its series is the server's life. */
  void upDown(PgMetric metric, Attributes attributes, long value) {
    longs
        .computeIfAbsent(metric, m -> new ArrayList<>())
        .add(LongPointData.create(Math.min(serverStart, sampledAt), sampledAt, attributes, value));
  }

  void gauge(PgMetric metric, Attributes attributes, long value) {
    longs
        .computeIfAbsent(metric, m -> new ArrayList<>())
        .add(LongPointData.create(sampledAt, sampledAt, attributes, value));
  }

  void gauge(PgMetric metric, Attributes attributes, double value) {
    doubles
        .computeIfAbsent(metric, m -> new ArrayList<>())
        .add(DoublePointData.create(sampledAt, sampledAt, attributes, value, List.of()));
  }

  /** Adds this snapshot's points to {@code into}, metric by metric. */
  void mergeInto(
      Map<PgMetric, List<LongPointData>> intoLongs,
      Map<PgMetric, List<DoublePointData>> intoDoubles) {
    longs.forEach((m, p) -> intoLongs.computeIfAbsent(m, k -> new ArrayList<>()).addAll(p));
    doubles.forEach((m, p) -> intoDoubles.computeIfAbsent(m, k -> new ArrayList<>()).addAll(p));
  }

  static List<MetricData> build(
      Resource resource,
      InstrumentationScopeInfo scope,
      Map<PgMetric, List<LongPointData>> longs,
      Map<PgMetric, List<DoublePointData>> doubles) {
    List<MetricData> metrics = new ArrayList<>(longs.size() + doubles.size());
    longs.forEach(
        (metric, points) -> {
          switch (metric.kind()) {
            case COUNTER, UP_DOWN ->
                metrics.add(
                    data(
                        resource,
                        scope,
                        metric,
                        MetricDataType.LONG_SUM,
                        SumData.createLongSumData(
                            metric.kind() == PgMetric.Kind.COUNTER,
                            AggregationTemporality.CUMULATIVE,
                            points)));
            default ->
                metrics.add(
                    data(
                        resource,
                        scope,
                        metric,
                        MetricDataType.LONG_GAUGE,
                        GaugeData.createLongGaugeData(points)));
          }
        });
    doubles.forEach(
        (metric, points) -> {
          if (metric.kind() == PgMetric.Kind.COUNTER_DOUBLE) {
            metrics.add(
                data(
                    resource,
                    scope,
                    metric,
                    MetricDataType.DOUBLE_SUM,
                    SumData.createDoubleSumData(true, AggregationTemporality.CUMULATIVE, points)));
          } else {
            metrics.add(
                data(
                    resource,
                    scope,
                    metric,
                    MetricDataType.DOUBLE_GAUGE,
                    GaugeData.createDoubleGaugeData(points)));
          }
        });
    return metrics;
  }

  private static MetricData data(
      Resource resource,
      InstrumentationScopeInfo scope,
      PgMetric metric,
      MetricDataType type,
      io.opentelemetry.sdk.metrics.data.Data<?> data) {
    return new PgMetricData(
        resource, scope, metric.metricName(), metric.description(), metric.unit(), type, data);
  }

  static long nanos(Instant instant) {
    return instant == null ? 0 : instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
