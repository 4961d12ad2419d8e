package io.querylens.it.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Which metrics and labels the deploy files read that a scrape does not have. */
final class MetricCoverage {

  /**
   * Labels a query may use that the agent's own endpoint cannot show: Prometheus sets {@code job}
   * and {@code instance} from {@code service.name} and {@code service.instance.id} (or from its
   * scrape configuration); {@code error_type} is on the duration histogram of failed statements
   * only.
   */
  static final Set<String> LABELS_ADDED_OR_CONDITIONAL = Set.of("job", "instance", "error_type");

  private MetricCoverage() {}

  /** One line per metric, or label of a metric, that a query reads and the scrape lacks. */
  static List<String> missing(
      Scrape scrape, List<DeployFiles.Query> queries, List<DeployFiles.LabelValues> variables) {
    Set<String> missing = new TreeSet<>();
    for (DeployFiles.Query query : queries) {
      for (PromQl.Selector selector : PromQl.selectors(query.expr())) {
        missing.addAll(missingFrom(scrape, query.where(), selector));
      }
    }
    for (DeployFiles.LabelValues variable : variables) {
      for (PromQl.Selector selector : PromQl.selectors(variable.selector())) {
        missing.addAll(missingFrom(scrape, variable.where(), selector));
        if (scrape.has(selector.metric())
            && !hasLabel(scrape, selector.metric(), variable.label())) {
          missing.add(
              variable.where() + ": label " + variable.label() + " on " + selector.metric());
        }
      }
    }
    return new ArrayList<>(missing);
  }

  private static List<String> missingFrom(Scrape scrape, String where, PromQl.Selector selector) {
    if (!scrape.has(selector.metric())) {
      return List.of(where + ": metric " + selector.metric());
    }
    List<String> missing = new ArrayList<>();
    for (String label : selector.labels()) {
      if (!hasLabel(scrape, selector.metric(), label)) {
        missing.add(where + ": label " + label + " on " + selector.metric());
      }
    }
    return missing;
  }

  private static boolean hasLabel(Scrape scrape, String metric, String label) {
    return LABELS_ADDED_OR_CONDITIONAL.contains(label) || scrape.labels(metric).contains(label);
  }
}
