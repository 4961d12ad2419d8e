package io.querylens.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What DeployMetricsIT reports, on a scrape written here. */
class MetricCoverageTest {

  private static final Scrape SCRAPE =
      Scrape.parse(
          """
          # HELP postgresql_index_scans The number of index scans on a table.
          # TYPE postgresql_index_scans counter
          postgresql_index_scans_total{postgresql_index_name="a_idx",postgresql_table_name="a"} 3.0
          db_client_operation_duration_seconds_bucket{db_query_summary="SELECT a",le="0.5"} 1
          """);

  @Test
  void aQueryOnExportedMetricsAndLabelsMissesNothing() {
    assertThat(
            missing(
                "sum by (postgresql_index_name) (rate(postgresql_index_scans_total{job=~\"$service\","
                    + " postgresql_table_name=~\"$table\"}[5m]))"))
        .isEmpty();
  }

  @Test
  void aRenamedMetricIsReportedWithWhereItIsRead() {
    assertThat(missing("rate(postgresql_index_scans[5m])"))
        .containsExactly("panel 'Index scans': metric postgresql_index_scans");
  }

  @Test
  void aLabelTheMetricDoesNotHaveIsReported() {
    assertThat(missing("postgresql_index_scans_total{postgresql_index=\"a_idx\"}"))
        .containsExactly(
            "panel 'Index scans': label postgresql_index on postgresql_index_scans_total");
  }

  @Test
  void labelsPrometheusAddsOrThatComeWithFailuresAreAccepted() {
    assertThat(
            missing(
                "db_client_operation_duration_seconds_bucket{job=\"shop\", instance=\"a\","
                    + " error_type!=\"\"}"))
        .isEmpty();
  }

  @Test
  void aVariablesLabelMustBeOnItsMetric() {
    assertThat(
            MetricCoverage.missing(
                SCRAPE,
                List.of(),
                List.of(
                    DeployFiles.labelValues(
                        "variable table",
                        "label_values(postgresql_index_scans_total, postgresql_schema_name)"))))
        .containsExactly(
            "variable table: label postgresql_schema_name on postgresql_index_scans_total");
  }

  private static List<String> missing(String expr) {
    return MetricCoverage.missing(
        SCRAPE, List.of(new DeployFiles.Query("panel 'Index scans'", expr)), List.of());
  }
}
