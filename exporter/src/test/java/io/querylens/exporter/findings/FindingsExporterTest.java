package io.querylens.exporter.findings;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.querylens.core.insight.Finding;
import io.querylens.core.insight.FindingObject;
import io.querylens.core.insight.PlanCoverage;
import io.querylens.core.insight.Risk;
import io.querylens.core.insight.Severity;
import io.querylens.core.pg.ServerKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindingsExporterTest {

  private static final ServerKey SHOP_DB = new ServerKey("db", 5432);

  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final FindingsExporter exporter =
      new FindingsExporter(
          OpenTelemetrySdk.builder()
              .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
              .build());

  @Test
  void applicationWideFindingsAreOneSeriesWithoutServerWhateverTheServersPublish() {
    Finding slow =
        new Finding(
            "slow_statement",
            Severity.WARNING,
            Risk.NONE,
            new FindingObject("shop", null, null, null, "f00d"),
            Map.of("p95_ms", 900.0),
            null,
            null,
            null);
    exporter.publish(SHOP_DB, List.of());
    exporter.publish(new ServerKey("replica", 5432), List.of());
    exporter.publishApplicationWide(List.of(slow));
    exporter.publishApplicationWide(List.of(slow));

    assertThat(points("querylens.finding.open"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getAttributes().get(key("querylens.finding.kind")))
                  .isEqualTo("slow_statement");
              assertThat(p.getAttributes().get(key("server.address"))).isNull();
            });
    assertThat(exporter.servers()).hasSize(2);
  }

  @Test
  void theShapesThePlanRefreshHasNotPlannedAreCountedByStatePerServer() {
    exporter.publishPlanCoverage(SHOP_DB, "shop", new PlanCoverage(40, 12, 3, 7));

    List<LongPointData> shapes = points("querylens.plans.shapes");

    assertThat(shapes)
        .extracting(p -> p.getAttributes().get(key("state")), LongPointData::getValue)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("planned", 40L),
            org.assertj.core.groups.Tuple.tuple("waiting", 12L),
            org.assertj.core.groups.Tuple.tuple("failed", 3L),
            org.assertj.core.groups.Tuple.tuple("left_out", 7L));
    assertThat(shapes)
        .allSatisfy(
            p -> {
              assertThat(p.getAttributes().get(key("server.address"))).isEqualTo("db");
              assertThat(p.getAttributes().get(key("db.namespace"))).isEqualTo("shop");
            });
  }

  @Test
  void eachOpenFindingIsOneSeriesWithItsObjectAndRecommendedSql() {
    exporter.publish(
        SHOP_DB,
        List.of(
            unusedIndex("customers_country_idx", Severity.WARNING),
            new Finding(
                "cache_hit_ratio",
                Severity.CRITICAL,
                Risk.NONE,
                FindingObject.database("shop"),
                Map.of("ratio", 0.5),
                null,
                null,
                null)));

    List<LongPointData> open = points("querylens.finding.open");

    assertThat(open).extracting(LongPointData::getValue).containsOnly(1L);
    Attributes index =
        open.stream()
            .map(LongPointData::getAttributes)
            .filter(a -> "unused_index".equals(a.get(key("querylens.finding.kind"))))
            .findFirst()
            .orElseThrow();
    assertThat(index.get(key("querylens.finding.severity"))).isEqualTo("warning");
    assertThat(index.get(key("querylens.finding.object")))
        .isEqualTo("public.customers.customers_country_idx");
    assertThat(index.get(key("querylens.finding.action")))
        .isEqualTo("DROP INDEX CONCURRENTLY public.customers_country_idx;");
    assertThat(index.get(key("db.namespace"))).isEqualTo("shop");
    assertThat(index.get(key("db.collection.name"))).isEqualTo("customers");
    assertThat(index.get(key("postgresql.index.name"))).isEqualTo("customers_country_idx");
    assertThat(index.get(key("server.address"))).isEqualTo("db");
    assertThat(index.get(key("querylens.finding.undo")))
        .as("an index definition's predicate may quote a value")
        .isNull();
  }

  @Test
  void aFindingNoLongerReportedLeavesTheTable() {
    exporter.publish(SHOP_DB, List.of(unusedIndex("a_idx", Severity.WARNING)));
    assertThat(points("querylens.finding.open")).hasSize(1);

    exporter.publish(SHOP_DB, List.of());

    assertThat(points("querylens.finding.open")).isEmpty();
  }

  @Test
  void theTableIsCappedAndKeepsTheMostSevere() {
    List<Finding> many = new ArrayList<>();
    for (int i = 0; i < FindingsExporter.MAX_OPEN_SERIES + 50; i++) {
      many.add(unusedIndex("idx_" + i, Severity.INFO));
    }
    many.add(unusedIndex("the_critical_one", Severity.CRITICAL));
    exporter.publish(SHOP_DB, many);

    List<LongPointData> open = points("querylens.finding.open");

    assertThat(open).hasSize(FindingsExporter.MAX_OPEN_SERIES);
    assertThat(open)
        .extracting(p -> p.getAttributes().get(key("postgresql.index.name")))
        .contains("the_critical_one");
    assertThat(points("querylens.findings"))
        .as("the counts still cover every finding")
        .extracting(LongPointData::getValue)
        .containsExactlyInAnyOrder((long) FindingsExporter.MAX_OPEN_SERIES + 50, 1L);
  }

  private static Finding unusedIndex(String index, Severity severity) {
    return new Finding(
        "unused_index",
        severity,
        Risk.MEDIUM,
        FindingObject.index("shop", "public", "customers", index),
        Map.of("scans", 0L),
        "DROP INDEX CONCURRENTLY public." + index + ";",
        "CREATE INDEX CONCURRENTLY " + index + " ON public.customers (country) WHERE x = 'secret';",
        null);
  }

  private List<LongPointData> points(String name) {
    List<LongPointData> points = new ArrayList<>();
    for (MetricData metric : metrics.collectAllMetrics()) {
      if (metric.getName().equals(name)) {
        points.addAll(metric.getLongGaugeData().getPoints());
      }
    }
    return points;
  }

  private static AttributeKey<String> key(String name) {
    return AttributeKey.stringKey(name);
  }
}
