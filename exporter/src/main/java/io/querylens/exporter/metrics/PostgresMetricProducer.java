package io.querylens.exporter.metrics;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.exporter.DatabaseObjectAttributes;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Exports the sampler's latest snapshots as OpenTelemetry metrics. Register it with {@code
 * SdkMeterProviderBuilder.registerMetricProducer}: unlike observable instruments, a producer sets
 * each point's start time, which is how a cumulative counter starts at PostgreSQL's {@code
 * stats_reset} and how a reset or restart starts a new series instead of a negative rate.
 *
 * <p>Each snapshot is converted once, on the first collection that sees it; later collections
 * re-send the same points. A server with no current snapshot (another instance samples it, or it is
 * unreachable) exports nothing.
 */
public final class PostgresMetricProducer implements MetricProducer {

  static final InstrumentationScopeInfo SCOPE =
      InstrumentationScopeInfo.builder("io.querylens.postgresql").build();

  private final Supplier<? extends Collection<Snapshot>> snapshots;
  private final DatabaseObjectAttributes names;
  private final Map<ServerKey, Converted> converted = new HashMap<>();
  private final Object lock = new Object();

  private static final class Converted {
    final SeriesStarts starts = new SeriesStarts();
    Snapshot snapshot;
    MetricPoints points;
  }

  /**
   * @param snapshots the newest snapshot per server, e.g. {@code registry::latestSnapshots}
   */
  public PostgresMetricProducer(Supplier<? extends Collection<Snapshot>> snapshots) {
    this(snapshots, DatabaseObjectAttributes.CONVENTIONS);
  }

  /**
   * @param names how databases, tables and indexes are named on the points
   */
  public PostgresMetricProducer(
      Supplier<? extends Collection<Snapshot>> snapshots, DatabaseObjectAttributes names) {
    this.snapshots = snapshots;
    this.names = names;
  }

  @Override
  public Collection<MetricData> produce(Resource resource) {
    Map<PgMetric, List<LongPointData>> longs = new EnumMap<>(PgMetric.class);
    Map<PgMetric, List<DoublePointData>> doubles = new EnumMap<>(PgMetric.class);
    synchronized (lock) {
      for (Snapshot snapshot : snapshots.get()) {
        Converted server =
            converted.computeIfAbsent(snapshot.server().server(), key -> new Converted());
        if (isNewer(snapshot, server.snapshot)) {
          server.points = SnapshotMetrics.convert(snapshot, server.starts, names);
          server.snapshot = snapshot;
        }
        server.points.mergeInto(longs, doubles);
      }
    }
    return MetricPoints.build(resource, SCOPE, longs, doubles);
  }

  /** Converted once; an older snapshot than the one exported never replaces it. */
  private static boolean isNewer(Snapshot snapshot, Snapshot exported) {
    return exported == null
        || (snapshot != exported && snapshot.sampledAt().isAfter(exported.sampledAt()));
  }
}
