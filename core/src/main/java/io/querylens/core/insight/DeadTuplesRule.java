package io.querylens.core.insight;

import io.querylens.core.pg.TableStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bloated tables: space that every sequential scan reads for nothing. Measured by {@code
 * pgstattuple_approx} (dead rows and free space) when the input has its measure; otherwise
 * estimated from the dead-tuple share in the statistics views, which sees no free space.
 */
public final class DeadTuplesRule implements Rule {

  public static final String KIND = "table_bloat";

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    List<Finding> findings = new ArrayList<>();
    for (TableStats table : input.snapshot().tables()) {
      TableBloat measured = input.bloatOf(table.schema(), table.name());
      Finding finding =
          measured != null ? measured(input, table, measured) : estimated(input, table);
      if (finding != null) {
        findings.add(finding);
      }
    }
    return findings;
  }

  private static Finding estimated(AdvisorInput input, TableStats table) {
    Thresholds thresholds = input.thresholds();
    long total = table.liveTuples() + table.deadTuples();
    if (total < thresholds.bloatMinTuples()) {
      return null;
    }
    double ratio = (double) table.deadTuples() / total;
    if (ratio < thresholds.deadTupleWarning()) {
      return null;
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("dead_tuple_ratio", Math.round(ratio * 1000) / 1000.0);
    evidence.put("dead_tuples", table.deadTuples());
    evidence.put("live_tuples", table.liveTuples());
    evidence.put("table_bytes", table.heapBytes());
    evidence.put("measured_by", "pg_stat_user_tables (estimate)");
    evidence.put("last_autovacuum", String.valueOf(table.lastAutovacuum()));
    evidence.put("last_vacuum", String.valueOf(table.lastVacuum()));
    return new Finding(
        KIND,
        ratio >= thresholds.deadTupleCritical() ? Severity.CRITICAL : Severity.WARNING,
        Risk.LOW,
        FindingObject.table(input.database(), table.schema(), table.name()),
        evidence,
        vacuum(table),
        null,
        "Dead tuples estimated from pg_stat_user_tables; if they return quickly, tune"
            + " autovacuum for this table.");
  }

  private static Finding measured(AdvisorInput input, TableStats table, TableBloat bloat) {
    Thresholds thresholds = input.thresholds();
    double ratio = bloat.ratio();
    if (ratio < thresholds.deadTupleWarning()) {
      return null;
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("bloat_ratio", Math.round(ratio * 1000) / 1000.0);
    evidence.put("dead_tuple_percent", Math.round(bloat.deadTuplePercent() * 100) / 100.0);
    evidence.put("free_percent", Math.round(bloat.freePercent() * 100) / 100.0);
    evidence.put("table_bytes", bloat.tableBytes());
    evidence.put("dead_tuples", table.deadTuples());
    evidence.put("live_tuples", table.liveTuples());
    evidence.put("measured_by", "pgstattuple_approx");
    evidence.put("last_autovacuum", String.valueOf(table.lastAutovacuum()));
    evidence.put("last_vacuum", String.valueOf(table.lastVacuum()));
    boolean mostlyDead = bloat.deadTuplePercent() >= bloat.freePercent();
    String name = IndexSql.qualified(table.schema(), table.name());
    return new Finding(
        KIND,
        ratio >= thresholds.deadTupleCritical() ? Severity.CRITICAL : Severity.WARNING,
        mostlyDead ? Risk.LOW : Risk.HIGH,
        FindingObject.table(input.database(), table.schema(), table.name()),
        evidence,
        mostlyDead ? vacuum(table) : "VACUUM (FULL, ANALYZE) " + name + ";",
        null,
        mostlyDead
            ? "Measured by pgstattuple_approx: mostly dead rows, which VACUUM makes reusable."
            : "Measured by pgstattuple_approx: mostly free space that VACUUM already reclaimed but"
                + " cannot give back. VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE"
                + " lock (reads and writes wait); pg_repack does it online. Later inserts"
                + " reuse the space, so a table that grows back needs neither.");
  }

  private static String vacuum(TableStats table) {
    return "VACUUM (ANALYZE) " + IndexSql.qualified(table.schema(), table.name()) + ";";
  }
}
