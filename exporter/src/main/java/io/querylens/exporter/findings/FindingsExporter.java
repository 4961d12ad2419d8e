package io.querylens.exporter.findings;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.querylens.core.insight.Finding;
import io.querylens.core.insight.PlanCoverage;
import io.querylens.core.insight.ShapePlan;
import io.querylens.core.pg.ServerKey;
import io.querylens.exporter.DatabaseObjectAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Findings as OpenTelemetry: one log-record event ({@code querylens.finding.<kind>}) when a finding
 * first appears on a server or changes severity, and the gauge {@code querylens.findings} of the
 * findings open right now, by kind and severity, for dashboards and alerts; and {@code
 * querylens.finding.open}, one series per open finding with its object and action, for a findings
 * table.
 */
public final class FindingsExporter {

  static final String INSTRUMENTATION_SCOPE = "io.querylens";

  private static final AttributeKey<String> KIND = AttributeKey.stringKey("querylens.finding.kind");
  private static final AttributeKey<String> SEVERITY =
      AttributeKey.stringKey("querylens.finding.severity");
  private static final AttributeKey<String> RISK = AttributeKey.stringKey("querylens.finding.risk");
  private static final AttributeKey<String> OBJECT =
      AttributeKey.stringKey("querylens.finding.object");
  private static final AttributeKey<String> ACTION =
      AttributeKey.stringKey("querylens.finding.action");
  private static final AttributeKey<String> UNDO = AttributeKey.stringKey("querylens.finding.undo");
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  /**
   * Series of {@code querylens.finding.open}: findings are bounded by the sampler's exported tables
   * and indexes and the observed statement shapes, and this caps them once more.
   */
  static final int MAX_OPEN_SERIES = 500;

  private final Logger logger;
  private final QueryPlanEvents plans;
  private final PlanCoverageGauge coverage;
  private final DatabaseObjectAttributes names;

  /** Open findings by where they come from: a {@link ServerKey} or {@link #APPLICATION}. */
  private final Map<Object, List<Finding>> open = new ConcurrentHashMap<>();

  private final Map<Object, Map<String, io.querylens.core.insight.Severity>> told =
      new ConcurrentHashMap<>();

  public FindingsExporter(OpenTelemetry openTelemetry) {
    this(openTelemetry, DatabaseObjectAttributes.CONVENTIONS);
  }

  /**
   * @param names how the database, table and index of a finding or a plan are named
   */
  public FindingsExporter(OpenTelemetry openTelemetry, DatabaseObjectAttributes names) {
    this.names = names;
    this.logger = openTelemetry.getLogsBridge().get(INSTRUMENTATION_SCOPE);
    this.plans = new QueryPlanEvents(openTelemetry, names);
    this.coverage = new PlanCoverageGauge(openTelemetry, names);
    openTelemetry
        .getMeter(INSTRUMENTATION_SCOPE)
        .gaugeBuilder("querylens.findings")
        .ofLongs()
        .setUnit("{finding}")
        .setDescription("Findings open now, by kind and severity.")
        .buildWithCallback(
            gauge -> countOpen().forEach((attributes, count) -> gauge.record(count, attributes)));
    openTelemetry
        .getMeter(INSTRUMENTATION_SCOPE)
        .gaugeBuilder("querylens.finding.open")
        .ofLongs()
        .setUnit("{finding}")
        .setDescription(
            "1 for each finding open now, with its object and recommended SQL (at most "
                + MAX_OPEN_SERIES
                + ", most severe first).")
        .buildWithCallback(gauge -> eachOpen(attributes -> gauge.record(1, attributes)));
  }

  /**
   * Stands for the application itself in the maps keyed by server: the findings of the agent's own
   * measurements (slow statements, regressions), which no one server owns and which are published
   * once, however many servers are sampled. Its findings carry no server attributes.
   */
  private static final Object APPLICATION = new Object();

  /**
   * The latest findings from the agent's own measurements: replaces what was open from them, and
   * tells a finding once for the process, not once per sampled server.
   */
  public void publishApplicationWide(List<Finding> findings) {
    replace(APPLICATION, findings);
  }

  /** The findings of the newest snapshot of {@code server}: replaces what was open there. */
  public void publish(ServerKey server, List<Finding> findings) {
    replace(server, findings);
  }

  private void replace(Object server, List<Finding> findings) {
    open.put(server, List.copyOf(findings));
    Map<String, io.querylens.core.insight.Severity> before =
        told.computeIfAbsent(server, s -> new HashMap<>());
    Map<String, io.querylens.core.insight.Severity> now = new HashMap<>();
    for (Finding finding : findings) {
      String identity = finding.kind() + " " + finding.object();
      now.put(identity, finding.severity());
      if (before.get(identity) != finding.severity()) {
        emit(server, finding);
      }
    }
    told.put(server, now);
  }

  /**
   * The plans a planning round read for the first time or found changed, one {@code
   * querylens.query_plan} event each ({@link QueryPlanEvents}).
   */
  public void publishPlans(ServerKey server, String database, List<ShapePlan> newOrChanged) {
    plans.publish(server, database, newOrChanged);
  }

  /** How far the slow plan refresh covers the server's statement shapes, for its gauge. */
  public void publishPlanCoverage(ServerKey server, String database, PlanCoverage latest) {
    coverage.publish(server, database, latest);
  }

  private void emit(Object server, Finding finding) {
    AttributesBuilder attributes = identity(server, finding);
    putIfPresent(attributes, UNDO, finding.undo());
    finding.evidence().forEach((key, value) -> putEvidence(attributes, key, value));
    LogRecordBuilder record =
        logger
            .logRecordBuilder()
            .setEventName("querylens.finding." + finding.kind())
            .setSeverity(severityOf(finding.severity()))
            .setSeverityText(finding.severity().name())
            .setAllAttributes(attributes.build());
    if (finding.note() != null) {
      record.setBody(finding.note());
    }
    record.emit();
  }

  private Map<Attributes, Long> countOpen() {
    Map<Attributes, Long> counts = new HashMap<>();
    for (List<Finding> findings : open.values()) {
      for (Finding finding : findings) {
        counts.merge(
            Attributes.of(KIND, finding.kind(), SEVERITY, lower(finding.severity().name())),
            1L,
            Long::sum);
      }
    }
    return counts;
  }

  /**
   * One attribute set per open finding, most severe first, at most {@link #MAX_OPEN_SERIES}. The
   * action is DDL on identifiers (DROP/REINDEX/CREATE INDEX, VACUUM), never a value from the data;
   * the undo is left out since an index definition's predicate may quote one.
   */
  private void eachOpen(Consumer<Attributes> record) {
    List<Map.Entry<Object, Finding>> all = new ArrayList<>();
    open.forEach((server, findings) -> findings.forEach(f -> all.add(Map.entry(server, f))));
    all.sort(
        Comparator.comparing((Map.Entry<Object, Finding> e) -> e.getValue().severity()).reversed());
    for (int i = 0; i < all.size() && i < MAX_OPEN_SERIES; i++) {
      record.accept(openAttributes(all.get(i).getKey(), all.get(i).getValue()));
    }
  }

  private Attributes openAttributes(Object server, Finding finding) {
    return identity(server, finding).build();
  }

  /** What names a finding and what to do: kind, severity, risk, its object, server and action. */
  private AttributesBuilder identity(Object source, Finding finding) {
    AttributesBuilder attributes =
        Attributes.builder()
            .put(KIND, finding.kind())
            .put(SEVERITY, lower(finding.severity().name()))
            .put(RISK, lower(finding.risk().name()))
            .put(OBJECT, finding.object().qualifiedName());
    if (source instanceof ServerKey server) {
      attributes.put(SERVER_ADDRESS, server.address()).put(SERVER_PORT, (long) server.port());
    }
    names.database(attributes, finding.object().database());
    names.index(
        attributes, finding.object().schema(), finding.object().table(), finding.object().index());
    putIfPresent(attributes, ACTION, finding.action());
    return attributes;
  }

  /** The servers whose findings are known; for tests and the report. */
  public Set<ServerKey> servers() {
    Set<ServerKey> servers = new java.util.HashSet<>();
    for (Object source : open.keySet()) {
      if (source instanceof ServerKey server) {
        servers.add(server);
      }
    }
    return servers;
  }

  private static void putEvidence(AttributesBuilder attributes, String key, Object value) {
    String name = "querylens.finding.evidence." + key;
    if (value instanceof Long || value instanceof Integer) {
      attributes.put(AttributeKey.longKey(name), ((Number) value).longValue());
    } else if (value instanceof Double) {
      attributes.put(AttributeKey.doubleKey(name), (Double) value);
    } else if (value instanceof Boolean) {
      attributes.put(AttributeKey.booleanKey(name), (Boolean) value);
    } else if (value != null) {
      attributes.put(AttributeKey.stringKey(name), value.toString());
    }
  }

  private static void putIfPresent(
      AttributesBuilder attributes, AttributeKey<String> key, String value) {
    if (value != null) {
      attributes.put(key, value);
    }
  }

  private static Severity severityOf(io.querylens.core.insight.Severity severity) {
    switch (severity) {
      case CRITICAL:
        return Severity.ERROR;
      case WARNING:
        return Severity.WARN;
      default:
        return Severity.INFO;
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
