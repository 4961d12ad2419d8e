package io.querylens.it.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.querylens.it.app.TenantSchemaStormApp;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver.Transport;
import io.querylens.it.support.PostgresAndReceiver;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A schema-per-tenant application against real PostgreSQL: 10,000 tenants, each connection with its
 * own {@code currentSchema}, in a forked JVM with a small heap. What the agent keeps per namespace
 * (connection facts, attribute caches, metric series) stays within its heap budget: past 256
 * namespaces a new one is counted under its server without {@code db.namespace}, and every
 * statement is still in the duration histogram.
 */
class TenantSchemaStormIT {

  static final int TENANTS = 10_000;

  /** Distinct namespaces the agent names before folding the rest into their server's. */
  static final int NAMED_NAMESPACES = 256;

  /** What the agent may hold at steady state, as in {@link LoadIT}. */
  static final long AGENT_HEAP_BUDGET = LoadIT.AGENT_HEAP_BUDGET;

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  @Test
  void tenThousandTenantSchemasKeepTheAgentsHeapAndSeriesBounded() {
    ForkedJvm.Result without = storm().run().requireSuccess();
    servers.receiver().countSpansOnly();
    ForkedJvm.Result with =
        storm()
            .javaagent(ForkedJvm.agentJar())
            .systemProperties(servers.receiver().exporterSettings(Transport.HTTP))
            .systemProperty("otel.metric.export.interval", "5000")
            .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false")
            .run()
            .requireSuccess();

    assertThat(LoadIT.resultLines(with.stdout()))
        .isEqualTo(LoadIT.resultLines(without.stdout()))
        .isNotEmpty();
    Map<Integer, Long> heapWith = LoadIT.heapUsed(with.stdout());
    long heldAtEnd = heapWith.get(TENANTS) - LoadIT.heapUsed(without.stdout()).get(TENANTS);
    long grownSinceTenth = heapWith.get(TENANTS) - heapWith.get(TENANTS / 10);
    System.out.printf(
        "tenant storm: agent heap after GC %d KB at the end, grown %d KB from a tenth%n",
        heldAtEnd / 1024, grownSinceTenth / 1024);
    assertThat(heldAtEnd).isLessThan(AGENT_HEAP_BUDGET);
    assertThat(grownSinceTenth).isLessThan(AGENT_HEAP_BUDGET / 4);

    List<HistogramDataPoint> points = latestDurationPoints();
    Set<String> namespaces = new HashSet<>();
    long counted = 0;
    for (HistogramDataPoint point : points) {
      counted += point.getCount();
      for (KeyValue attribute : point.getAttributesList()) {
        if (attribute.getKey().equals("db.namespace")) {
          namespaces.add(attribute.getValue().getStringValue());
        }
      }
    }
    assertThat(namespaces).hasSizeLessThanOrEqualTo(NAMED_NAMESPACES);
    assertThat(counted).as("every tenant's statement counted").isEqualTo(TENANTS);
  }

  private static ForkedJvm storm() {
    return ForkedJvm.main(TenantSchemaStormApp.class.getName())
        .sampleAppClasspath()
        .jvmArg("-Xmx128m")
        .args(
            servers.postgres().jdbcUrl(), servers.postgres().user(), "", Integer.toString(TENANTS))
        .timeout(Duration.ofMinutes(6));
  }

  /** The last export's points of the cumulative duration histogram. */
  private static List<HistogramDataPoint> latestDurationPoints() {
    return servers
        .receiver()
        .awaitLatestExport("db.client.operation.duration", Duration.ofSeconds(60))
        .getHistogram()
        .getDataPointsList();
  }
}
