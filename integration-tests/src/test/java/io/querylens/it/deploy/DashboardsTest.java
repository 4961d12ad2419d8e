package io.querylens.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The provisioned Grafana dashboards hold what Grafana needs and what a user looks for. */
class DashboardsTest {

  static Stream<Path> dashboards() {
    return DeployFiles.dashboardFiles().stream();
  }

  @Test
  void bothDashboardsAreProvisioned() {
    assertThat(dashboards().map(DeployFiles::dashboard).map(d -> d.path("uid").asText()))
        .containsExactlyInAnyOrder("querylens-queries", "querylens-indexes-tables");
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void hasATitleAUidAndPanels(Path file) {
    JsonNode dashboard = DeployFiles.dashboard(file);

    assertThat(dashboard.path("title").asText()).startsWith("QueryLens / ");
    assertThat(dashboard.path("uid").asText()).matches("[a-z0-9-]{1,40}");
    assertThat(dashboard.path("schemaVersion").asInt()).isPositive();
    assertThat(DeployFiles.panels(dashboard)).hasSizeGreaterThan(5);
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void everyPanelHasATypeADataSourceAUnitAndAQuery(Path file) {
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : DeployFiles.panels(DeployFiles.dashboard(file))) {
      String title = panel.path("title").asText();
      assertThat(title).as("a panel of %s", file.getFileName()).isNotBlank();
      assertThat(ids.add(panel.path("id").asInt())).as("%s: unique id", title).isTrue();
      assertThat(panel.path("type").asText())
          .as("%s: type", title)
          .isIn("timeseries", "stat", "table", "bargauge", "gauge");
      assertThat(panel.path("datasource").path("uid").asText())
          .as("%s: data source", title)
          .isEqualTo("querylens-prometheus");
      assertThat(panel.path("fieldConfig").path("defaults").path("unit").asText())
          .as("%s: unit", title)
          .isNotBlank();
      assertThat(panel.path("gridPos").path("w").asInt()).as("%s: width", title).isPositive();
      assertThat(panel.path("targets")).as("%s: queries", title).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText()).as("%s: expression", title).isNotBlank();
        assertThat(target.path("refId").asText()).as("%s: refId", title).isNotBlank();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void canBeNarrowedToAServiceADatabaseAndATable(Path file) {
    List<String> names = new ArrayList<>();
    for (JsonNode variable : DeployFiles.dashboard(file).path("templating").path("list")) {
      names.add(variable.path("name").asText());
      if (variable.path("type").asText().equals("query")) {
        assertThat(variable.path("includeAll").asBoolean()).isTrue();
        assertThat(variable.path("allValue").asText()).isEqualTo(".*");
        assertThat(DeployFiles.variableQuery(variable)).startsWith("label_values(");
      }
    }
    assertThat(names).contains("service", "database", "table");
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void everyQueryUsesTheServiceVariable(Path file) {
    for (JsonNode panel : DeployFiles.panels(DeployFiles.dashboard(file))) {
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText())
            .as("%s", panel.path("title").asText())
            .contains("job=~\"$service\"");
      }
    }
  }

  @Test
  void aStatementShapesFingerprintLinksToItsTracesInJaeger() {
    JsonNode queries =
        DeployFiles.dashboard(
            DeployFiles.dir().resolve("grafana/dashboards/querylens-queries.json"));
    JsonNode top =
        DeployFiles.panels(queries).stream()
            .filter(p -> p.path("title").asText().equals("Top statement shapes by total time"))
            .findFirst()
            .orElseThrow();

    List<String> links = new ArrayList<>();
    for (JsonNode override : top.path("fieldConfig").path("overrides")) {
      if (override.path("matcher").path("options").asText().equals("querylens_query_fingerprint")) {
        for (JsonNode property : override.path("properties")) {
          property.path("value").forEach(link -> links.add(link.path("url").asText()));
        }
      }
    }
    assertThat(links)
        .singleElement()
        .satisfies(
            url ->
                assertThat(url)
                    .startsWith("${jaeger_url}/search?")
                    .contains("querylens.query.fingerprint")
                    .contains("${__data.fields.querylens_query_fingerprint}"));
  }
}
