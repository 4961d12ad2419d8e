package io.querylens.it.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.LibraryModeApp;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpAttributes;
import io.querylens.it.support.OtlpReceiver.Transport;
import io.querylens.it.support.PostgresAndReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One suite, two modes: the same application (a HikariCP pool over pgjdbc running {@code
 * SampleApp}'s statements) run once with {@code -javaagent} and once with the library wrapping its
 * pool, each in a JVM of its own exporting to the same OTLP receiver. Library mode gives the same
 * spans (name, kind, status, attributes, events; ids and times aside) and the same metric series.
 */
class LibraryModeEquivalenceIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The statements SampleApp runs on PostgreSQL, one span each. */
  private static final int SPANS = 12;

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  @Test
  void libraryModeExportsTheSameSpansAndMetricSeriesAsTheAgent() {
    run("agent", true);
    List<String> agentSpans = describe(servers.receiver().awaitSpans(s -> true, SPANS, WAIT));
    Map<String, Long> agentSeries = durationSeries();
    TreeSet<String> agentMetrics = ourMetricNames();
    servers.receiver().reset();

    run("library", false);
    List<String> librarySpans = describe(servers.receiver().awaitSpans(s -> true, SPANS, WAIT));
    Map<String, Long> librarySeries = durationSeries();
    TreeSet<String> libraryMetrics = ourMetricNames();

    assertThat(librarySpans).hasSize(SPANS).isEqualTo(agentSpans);
    assertThat(librarySeries).isNotEmpty().isEqualTo(agentSeries);
    assertThat(libraryMetrics).contains("db.client.operation.duration").isEqualTo(agentMetrics);
  }

  @Test
  void underTheAgentTheLibraryStaysOutOfItsWayAndEachStatementIsOneSpan() {
    ForkedJvm.Result result =
        application("library").javaagent(ForkedJvm.agentJar()).libraryClasspath().run();
    result.requireSuccess();

    List<Span> spans = servers.receiver().awaitSpans(s -> true, SPANS, WAIT);
    settle();
    assertThat(servers.receiver().spans()).hasSameSizeAs(spans).hasSize(SPANS);
    assertThat(result.stderr())
        .contains("[querylens] the QueryLens agent is attached and records every statement");
  }

  private static void run(String mode, boolean agent) {
    ForkedJvm jvm = application(mode);
    if (agent) {
      jvm.javaagent(ForkedJvm.agentJar());
    } else {
      jvm.libraryClasspath();
    }
    ForkedJvm.Result result = jvm.run().requireSuccess();
    assertThat(result.stdout()).contains("DONE");
  }

  private static ForkedJvm application(String mode) {
    return ForkedJvm.main(LibraryModeApp.class.getName())
        .sampleAppClasspath()
        .systemProperties(servers.receiver().exporterSettings(Transport.HTTP))
        .systemProperty("otel.metric.export.interval", "500")
        .systemProperty("otel.bsp.schedule.delay", "200")
        // The sampler's timing is not the statements': compared elsewhere, off here.
        .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false")
        .args(mode, servers.postgres().jdbcUrl(), servers.postgres().user(), "unused-password")
        .timeout(Duration.ofMinutes(2));
  }

  /** Gives a late (wrong) second span of a statement the chance to arrive. */
  private static void settle() {
    try {
      Thread.sleep(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Each span as text without ids and times, sorted: what both modes must agree on. */
  private static List<String> describe(List<Span> spans) {
    List<String> described = new ArrayList<>();
    for (Span span : spans) {
      described.add(
          span.getName()
              + " "
              + span.getKind()
              + " "
              + span.getStatus().getCode()
              + " parent="
              + !span.getParentSpanId().isEmpty()
              + " "
              + new TreeMap<>(OtlpAttributes.toMap(span.getAttributesList()))
              + " events="
              + span.getEventsList().stream()
                  .map(e -> e.getName() + OtlpAttributes.toMap(e.getAttributesList()).keySet())
                  .toList());
    }
    described.sort(null);
    return described;
  }

  /** The newest export of the duration histogram: each series' attributes and its count. */
  private static Map<String, Long> durationSeries() {
    Metric duration = servers.receiver().awaitLatestExport("db.client.operation.duration", WAIT);
    Map<String, Long> series = new TreeMap<>();
    for (HistogramDataPoint point : duration.getHistogram().getDataPointsList()) {
      series.merge(
          new TreeMap<>(OtlpAttributes.toMap(point.getAttributesList())).toString()
              + " bounds="
              + Arrays.toString(point.getExplicitBoundsList().toArray()),
          point.getCount(),
          Long::sum);
    }
    return series;
  }

  /** The names of the metrics QueryLens itself exports (the SDK's own aside). */
  private static TreeSet<String> ourMetricNames() {
    return servers.receiver().metrics().stream()
        .map(Metric::getName)
        .filter(name -> name.startsWith("db.") || name.startsWith("querylens."))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
