package io.querylens.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The files under {@code deploy/} that name metrics: Grafana dashboards and the alert rules. */
final class DeployFiles {

  /** One PromQL expression and where it is, for messages. */
  record Query(String where, String expr) {}

  /** A Grafana variable's {@code label_values(selector, label)}. */
  record LabelValues(String where, String selector, String label) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private DeployFiles() {}

  /** {@code deploy/} beside the module; tests run from the module's directory. */
  static Path dir() {
    return Path.of(System.getProperty("querylens.deploy.dir", "../deploy"))
        .toAbsolutePath()
        .normalize();
  }

  static Path alertsFile() {
    return dir().resolve("prometheus/alerts.yml");
  }

  static List<Path> dashboardFiles() {
    try (Stream<Path> files = Files.list(dir().resolve("grafana/dashboards"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode dashboard(Path file) {
    return read(JSON, file);
  }

  static JsonNode alerts() {
    return read(YAML, alertsFile());
  }

  /** Panels, the ones inside collapsed rows included. */
  static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  static List<JsonNode> rules(JsonNode alerts) {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode group : alerts.path("groups")) {
      group.path("rules").forEach(rules::add);
    }
    return rules;
  }

  /** Every panel target's and every alert rule's expression. */
  static List<Query> queries() {
    List<Query> queries = new ArrayList<>();
    for (Path file : dashboardFiles()) {
      for (JsonNode panel : panels(dashboard(file))) {
        for (JsonNode target : panel.path("targets")) {
          queries.add(
              new Query(
                  file.getFileName() + " panel '" + panel.path("title").asText() + "'",
                  target.path("expr").asText()));
        }
      }
    }
    for (JsonNode rule : rules(alerts())) {
      queries.add(
          new Query("alerts.yml rule " + rule.path("alert").asText(), rule.path("expr").asText()));
    }
    return queries;
  }

  /** Every query variable's {@code label_values(...)}. */
  static List<LabelValues> variableQueries() {
    List<LabelValues> queries = new ArrayList<>();
    for (Path file : dashboardFiles()) {
      for (JsonNode variable : dashboard(file).path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          String where = file.getFileName() + " variable " + variable.path("name").asText();
          queries.add(labelValues(where, variableQuery(variable)));
        }
      }
    }
    return queries;
  }

  static String variableQuery(JsonNode variable) {
    JsonNode query = variable.path("query");
    return query.isObject() ? query.path("query").asText() : query.asText();
  }

  static LabelValues labelValues(String where, String query) {
    String prefix = "label_values(";
    if (!query.startsWith(prefix) || !query.endsWith(")")) {
      throw new IllegalArgumentException(where + ": not label_values(selector, label): " + query);
    }
    String inside = query.substring(prefix.length(), query.length() - 1);
    int comma = inside.lastIndexOf(',');
    return new LabelValues(
        where, inside.substring(0, comma).strip(), inside.substring(comma + 1).strip());
  }

  private static JsonNode read(ObjectMapper mapper, Path file) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
