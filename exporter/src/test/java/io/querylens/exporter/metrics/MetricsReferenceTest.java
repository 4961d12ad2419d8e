package io.querylens.exporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/postgresql-metrics.md cannot drift from the code: its metrics table names exactly the
 * metrics the producer exports, no more, no fewer. (What the running agent exports, attributes
 * included, is checked against all of docs/ by DeployMetricsIT.)
 */
class MetricsReferenceTest {

  private static final Path REFERENCE = Path.of("..", "docs", "postgresql-metrics.md");

  @Test
  void theReferenceListsEveryMetricTheProducerExportsAndNothingElse() throws IOException {
    Set<String> exported =
        Arrays.stream(PgMetric.values())
            .map(PgMetric::metricName)
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(documented()).isEqualTo(exported);
  }

  /** The first cell of each row of the metrics table: a name in backticks, maybe starred. */
  private static Set<String> documented() throws IOException {
    Set<String> names = new TreeSet<>();
    boolean inTable = false;
    for (String line : Files.readAllLines(REFERENCE)) {
      if (line.startsWith("| metric |")) {
        inTable = true;
      } else if (inTable && !line.startsWith("|")) {
        break;
      } else if (inTable && line.startsWith("| `")) {
        String cell = line.substring(3);
        names.add(cell.substring(0, cell.indexOf('`')));
      }
    }
    return names;
  }
}
