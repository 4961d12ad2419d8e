package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Invalid indexes, left by a {@code CREATE INDEX CONCURRENTLY} that failed: never used for reads,
 * yet maintained on every write.
 */
public final class InvalidIndexRule implements Rule {

  public static final String KIND = "invalid_index";

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    List<Finding> findings = new ArrayList<>();
    for (IndexStats index : input.snapshot().indexes()) {
      if (index.valid()) {
        continue;
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("valid", false);
      evidence.put("ready", index.ready());
      evidence.put("size_bytes", index.sizeBytes());
      findings.add(
          new Finding(
              KIND,
              Severity.WARNING,
              Risk.LOW,
              FindingObject.index(input.database(), index.schema(), index.table(), index.name()),
              evidence,
              "REINDEX INDEX CONCURRENTLY "
                  + IndexSql.qualified(index.schema(), index.name())
                  + ";",
              null,
              "A failed concurrent build left this index invalid: writes maintain it, no query"
                  + " reads it."));
    }
    return findings;
  }
}
