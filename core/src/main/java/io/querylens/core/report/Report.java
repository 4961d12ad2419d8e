package io.querylens.core.report;

import io.querylens.core.insight.Finding;
import io.querylens.core.insight.HealthScores;
import io.querylens.core.json.JsonWriter;
import io.querylens.core.pg.StatementStats;
import io.querylens.core.sql.SqlFingerprinter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The advisor's report: the statements that cost the most time, the tables' and indexes' health
 * scores, then every finding with its evidence and SQL. Text for people, JSON for machines; the
 * JSON's {@code findings} items carry {@code kind}, {@code severity}, {@code risk}, {@code object},
 * {@code evidence}, {@code action}, {@code undo}.
 */
public final class Report {

  private final String server;
  private final List<StatementStats> statements;
  private final List<Finding> findings;
  private final HealthScores health;

  public Report(
      String server, List<StatementStats> statements, List<Finding> findings, HealthScores health) {
    this.server = server;
    this.statements = List.copyOf(statements);
    this.findings = List.copyOf(findings);
    this.health = health;
  }

  public String toText(int topStatements) {
    StringBuilder out = new StringBuilder();
    out.append("QueryLens report for ").append(server).append('\n');
    out.append('\n').append("Top statements by total time (pg_stat_statements)\n");
    if (statements.isEmpty()) {
      out.append("  none: pg_stat_statements is not installed, or nothing ran yet\n");
    }
    int shown = 0;
    for (StatementStats statement : statements) {
      if (shown++ == topStatements) {
        break;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "  %10.1f ms total %8d calls %9.3f ms mean  %s%n",
              statement.totalMillis(),
              statement.calls(),
              statement.meanMillis(),
              oneLine(sanitized(statement.query()), 100)));
    }
    HealthText.append(health, out);
    out.append('\n').append("Findings: ").append(findings.size()).append('\n');
    for (Finding finding : findings) {
      appendFinding(finding, out);
    }
    return out.toString();
  }

  public String toJson(int topStatements) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("server", server);
    List<Object> top = new ArrayList<>();
    for (StatementStats statement :
        statements.subList(0, Math.min(topStatements, statements.size()))) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("queryid", Long.toString(statement.queryId()));
      item.put("query", sanitized(statement.query()));
      item.put("calls", statement.calls());
      item.put("total_ms", statement.totalMillis());
      item.put("mean_ms", statement.meanMillis());
      item.put("rows", statement.rows());
      top.add(item);
    }
    root.put("statements", top);
    root.put("health", HealthText.json(health));
    List<Object> items = new ArrayList<>();
    for (Finding finding : findings) {
      items.add(findingJson(finding));
    }
    root.put("findings", items);
    StringBuilder out = new StringBuilder();
    JsonWriter.write(root, out);
    return out.append('\n').toString();
  }

  /** One finding for people: a headline, the evidence a line each, the note, the SQL. */
  static void appendFinding(Finding finding, StringBuilder out) {
    out.append('\n')
        .append("  [")
        .append(finding.severity())
        .append("] ")
        .append(finding.kind())
        .append(": ")
        .append(finding.object().qualifiedName())
        .append(" (risk ")
        .append(finding.risk().name().toLowerCase(Locale.ROOT))
        .append(")\n");
    finding
        .evidence()
        .forEach(
            (key, value) ->
                out.append("    ").append(key).append(" = ").append(value).append('\n'));
    if (finding.note() != null) {
      out.append("    ").append(finding.note()).append('\n');
    }
    if (finding.action() != null) {
      out.append("    action: ").append(finding.action()).append('\n');
    }
    if (finding.undo() != null) {
      out.append("    undo:   ").append(finding.undo()).append('\n');
    }
  }

  /** One finding for machines: {@code kind}, {@code severity}, {@code risk}, {@code object}, ... */
  static Map<String, Object> findingJson(Finding finding) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("kind", finding.kind());
    item.put("severity", finding.severity().name().toLowerCase(Locale.ROOT));
    item.put("risk", finding.risk().name().toLowerCase(Locale.ROOT));
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("database", finding.object().database());
    object.put("schema", finding.object().schema());
    object.put("table", finding.object().table());
    object.put("index", finding.object().index());
    object.put("fingerprint", finding.object().fingerprint());
    item.put("object", object);
    item.put("evidence", finding.evidence());
    item.put("action", finding.action());
    item.put("undo", finding.undo());
    item.put("note", finding.note());
    return item;
  }

  /**
   * pg_stat_statements replaces constants in queries it can plan, but keeps utility statements as
   * written: the report shows every text through the sanitizer, so no literal leaves in it.
   */
  private static String sanitized(String query) {
    return query == null ? null : SqlFingerprinter.shape(query).sanitizedText();
  }

  private static String oneLine(String text, int max) {
    if (text == null) {
      return "";
    }
    String flat = text.replace('\n', ' ').replace('\r', ' ');
    return flat.length() <= max ? flat : flat.substring(0, max - 3) + "...";
  }
}
