package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Btree indexes whose leaf pages pgstatindex measured as sparse: 20% (warning) or 50% (critical) of
 * their leaf space would come back with a rebuild. Only measured indexes are judged; an estimate
 * from statistics alone is not attempted.
 */
public final class IndexBloatRule implements Rule {

  public static final String KIND = "index_bloat";

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    List<Finding> findings = new ArrayList<>();
    Thresholds thresholds = input.thresholds();
    for (IndexStats index : input.snapshot().indexes()) {
      IndexBloat bloat = input.indexBloatOf(index.schema(), index.name());
      if (bloat == null || bloat.ratio() < thresholds.deadTupleWarning()) {
        continue;
      }
      Severity severity =
          bloat.ratio() >= thresholds.deadTupleCritical() ? Severity.CRITICAL : Severity.WARNING;
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("bloat_ratio", Math.round(bloat.ratio() * 1000) / 1000.0);
      evidence.put("avg_leaf_density_percent", Math.round(bloat.avgLeafDensity() * 10) / 10.0);
      evidence.put("index_bytes", bloat.indexBytes());
      evidence.put("measured_by", "pgstatindex");
      findings.add(
          new Finding(
              KIND,
              severity,
              Risk.LOW,
              FindingObject.index(input.database(), index.schema(), index.table(), index.name()),
              evidence,
              "REINDEX INDEX CONCURRENTLY "
                  + IndexSql.qualified(index.schema(), index.name())
                  + ";",
              null,
              "Rebuilt online, without blocking writes; it needs room for a second copy while it"
                  + " runs."));
    }
    return findings;
  }
}
