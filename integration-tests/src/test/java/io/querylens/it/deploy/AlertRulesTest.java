package io.querylens.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** deploy/prometheus/alerts.yml: rules Prometheus accepts, each one telling what to do. */
class AlertRulesTest {

  private final List<JsonNode> rules = DeployFiles.rules(DeployFiles.alerts());

  @Test
  void everyGroupHasANameAndRules() {
    for (JsonNode group : DeployFiles.alerts().path("groups")) {
      assertThat(group.path("name").asText()).isNotBlank();
      assertThat(group.path("rules")).isNotEmpty();
    }
  }

  @Test
  void everyRuleHasAnExpressionASeverityASummaryADescriptionWithTheValueAndARunbook() {
    assertThat(rules).isNotEmpty();
    for (JsonNode rule : rules) {
      String name = rule.path("alert").asText();
      assertThat(name).as("alert name").matches("QueryLens[A-Za-z0-9]+");
      assertThat(rule.path("expr").asText()).as("%s: expr", name).isNotBlank();
      assertThat(rule.path("labels").path("severity").asText())
          .as("%s: severity", name)
          .isIn("info", "warning", "critical");
      JsonNode annotations = rule.path("annotations");
      assertThat(annotations.path("summary").asText()).as("%s: summary", name).isNotBlank();
      assertThat(annotations.path("description").asText())
          .as("%s: description with the value", name)
          .contains("$value");
      assertThat(annotations.path("runbook").asText()).as("%s: runbook", name).isNotBlank();
      if (rule.has("for")) {
        assertThat(rule.path("for").asText()).as("%s: for", name).matches("[0-9]+[smhd]");
      }
    }
  }

  @Test
  void everyAlertTheIssueAsksForIsThere() {
    List<String> names = new ArrayList<>();
    rules.forEach(rule -> names.add(rule.path("alert").asText()));

    assertThat(names)
        .contains(
            "QueryLensSlowStatement",
            "QueryLensNewUnusedIndex",
            "QueryLensDuplicateIndex",
            "QueryLensTableBloat",
            "QueryLensTableBloatCritical",
            "QueryLensCacheHitRatioLow",
            "QueryLensCacheHitRatioCritical",
            "QueryLensConnectionsHigh",
            "QueryLensBlockingLock",
            "QueryLensLongTransaction",
            "QueryLensStatementRegression")
        .doesNotHaveDuplicates();
  }

  @Test
  void theRegressionAlertReadsTheFindingsGaugeOfKindRegression() {
    JsonNode regression =
        rules.stream()
            .filter(rule -> rule.path("alert").asText().equals("QueryLensStatementRegression"))
            .findFirst()
            .orElseThrow();

    assertThat(regression.path("expr").asText())
        .contains("querylens_findings{querylens_finding_kind=\"regression\"}");
  }

  @Test
  void thresholdsAreTheAdvisorsDefaults() {
    assertThat(expr("QueryLensTableBloat")).contains("> 0.2 <= 0.5");
    assertThat(expr("QueryLensTableBloatCritical")).contains("> 0.5");
    assertThat(expr("QueryLensCacheHitRatioLow")).contains("< 0.99 >= 0.9");
    assertThat(expr("QueryLensCacheHitRatioCritical")).contains("< 0.9");
    assertThat(expr("QueryLensConnectionsHigh")).contains("> 0.8");
    assertThat(expr("QueryLensSlowStatement")).contains("> 0.5");
    assertThat(expr("QueryLensLongTransaction")).contains("> 300");
    assertThat(expr("QueryLensBlockingLock")).contains("> 5");
  }

  private String expr(String alert) {
    return rules.stream()
        .filter(rule -> rule.path("alert").asText().equals(alert))
        .findFirst()
        .orElseThrow()
        .path("expr")
        .asText();
  }
}
