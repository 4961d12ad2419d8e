package io.querylens.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A dashboard's panel queries as Grafana sends them to Prometheus: each query variable set to every
 * value its own {@code label_values(...)} finds in Prometheus (Grafana's "All" over the values that
 * are there, so a renamed label empties the variable instead of matching anything), and Grafana's
 * interval variables set for a one-second scrape.
 */
final class DashboardQueries {

  /** Grafana's built-in interval variables, for a scrape every second and a ten-minute view. */
  private static final Map<String, String> INTERVALS =
      Map.of("$__rate_interval", "20s", "$__range", "10m", "$__interval", "5s");

  private DashboardQueries() {}

  /**
   * The filled queries of {@code file}'s panels; a variable without values is itself a failure,
   * added to {@code failures}.
   */
  static List<DeployFiles.Query> filled(
      Path file, PrometheusServer prometheus, List<String> failures) throws Exception {
    JsonNode dashboard = DeployFiles.dashboard(file);
    Map<String, String> values = new LinkedHashMap<>(INTERVALS);
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (!variable.path("type").asText().equals("query")) {
        continue;
      }
      String where = file.getFileName() + " variable " + variable.path("name").asText();
      DeployFiles.LabelValues query =
          DeployFiles.labelValues(where, fill(DeployFiles.variableQuery(variable), values));
      TreeSet<String> found = new TreeSet<>();
      for (PrometheusServer.Sample sample :
          prometheus.query("group by (" + query.label() + ") (" + query.selector() + ")")) {
        String value = sample.labels().path(query.label()).asText();
        if (!value.isEmpty()) {
          found.add(value);
        }
      }
      if (found.isEmpty()) {
        failures.add(where + ": no values for " + query.label() + " in " + query.selector());
      }
      values.put("$" + variable.path("name").asText(), "(" + String.join("|", found) + ")");
    }
    List<DeployFiles.Query> queries = new ArrayList<>();
    for (JsonNode panel : DeployFiles.panels(dashboard)) {
      for (JsonNode target : panel.path("targets")) {
        queries.add(
            new DeployFiles.Query(
                file.getFileName() + " panel '" + panel.path("title").asText() + "'",
                fill(target.path("expr").asText(), values)));
      }
    }
    return queries;
  }

  /** Longest names first, so {@code $__rate_interval} is not read as {@code $__range}'s prefix. */
  private static String fill(String expr, Map<String, String> values) {
    List<String> names = new ArrayList<>(values.keySet());
    names.sort((a, b) -> b.length() - a.length());
    String filled = expr;
    for (String name : names) {
      filled = filled.replace(name, values.get(name));
    }
    return filled;
  }
}
