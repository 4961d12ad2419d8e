package io.querylens.core.insight;

import io.querylens.core.pg.TableStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tables whose dead tuples are a large share of all tuples: bloat that slows every scan, and a sign
 * that autovacuum falls behind. An estimate from the statistics views; pgstattuple measures
 * exactly.
 */
public final class DeadTuplesRule implements Rule {

  public static final String KIND = "table_bloat";

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    Thresholds thresholds = input.thresholds();
    List<Finding> findings = new ArrayList<>();
    for (TableStats table : input.snapshot().tables()) {
      long total = table.liveTuples() + table.deadTuples();
      if (total < thresholds.bloatMinTuples()) {
        continue;
      }
      double ratio = (double) table.deadTuples() / total;
      if (ratio < thresholds.deadTupleWarning()) {
        continue;
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("dead_tuple_ratio", Math.round(ratio * 1000) / 1000.0);
      evidence.put("dead_tuples", table.deadTuples());
      evidence.put("live_tuples", table.liveTuples());
      evidence.put("table_bytes", table.heapBytes());
      evidence.put("last_autovacuum", String.valueOf(table.lastAutovacuum()));
      evidence.put("last_vacuum", String.valueOf(table.lastVacuum()));
      findings.add(
          new Finding(
              KIND,
              ratio >= thresholds.deadTupleCritical() ? Severity.CRITICAL : Severity.WARNING,
              Risk.LOW,
              FindingObject.table(input.database(), table.schema(), table.name()),
              evidence,
              "VACUUM (ANALYZE) " + IndexSql.qualified(table.schema(), table.name()) + ";",
              null,
              "Dead tuples estimated from pg_stat_user_tables; if they return quickly, tune"
                  + " autovacuum for this table."));
    }
    return findings;
  }
}
