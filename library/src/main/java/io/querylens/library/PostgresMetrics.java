package io.querylens.library;

import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The sampler's PostgreSQL metrics for an application that records QueryLens into its own
 * OpenTelemetry: a meter provider takes its producers when it is built, before the QueryLens that
 * samples exists, so this one is handed out first and produces once that QueryLens is built.
 */
final class PostgresMetrics implements MetricProducer {

  private volatile List<MetricProducer> producers = List.of();

  void produceFrom(List<MetricProducer> sampled) {
    producers = List.copyOf(sampled);
  }

  @Override
  public Collection<MetricData> produce(Resource resource) {
    List<MetricProducer> current = producers;
    if (current.isEmpty()) {
      return List.of();
    }
    List<MetricData> metrics = new ArrayList<>();
    for (MetricProducer producer : current) {
      metrics.addAll(producer.produce(resource));
    }
    return metrics;
  }
}
