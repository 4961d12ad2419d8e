package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.TableStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Write-heavy tables that carry many indexes: every insert, delete and non-HOT update writes each
 * index too, and an index on an updated column makes every such update non-HOT. Evidence names each
 * index with its scans, so the ones that cost writes and serve no reads stand out.
 */
public final class WriteAmplificationRule implements Rule {

  public static final String KIND = "write_amplification";

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    List<Finding> findings = new ArrayList<>();
    for (TableStats table : input.snapshot().tables()) {
      WriteLoad load = WriteLoad.of(table, input.snapshot().indexes());
      if (!load.manyIndexes() || !load.writeHeavy()) {
        continue;
      }
      List<IndexStats> indexes = load.indexes();
      long writes = load.writes();
      long reads = load.reads();
      long indexWrites = load.indexEntriesWrittenPerIndex() * indexes.size();
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("indexes", indexes.size());
      evidence.put("writes", writes);
      evidence.put("reads", reads);
      evidence.put(
          "hot_update_ratio",
          table.updates() == 0
              ? 1.0
              : Math.round(1000.0 * table.hotUpdates() / table.updates()) / 1000.0);
      evidence.put("estimated_index_writes", indexWrites);
      evidence.put("write_cost_share_per_index", Math.round(1000.0 / indexes.size()) / 1000.0);
      evidence.put("index_scans", describe(indexes));
      findings.add(
          new Finding(
              KIND,
              Severity.INFO,
              Risk.NONE,
              FindingObject.table(input.database(), table.schema(), table.name()),
              evidence,
              null,
              null,
              "Each index adds a write to every insert and non-HOT update; indexes with few scans"
                  + " here are the first to question (see unused_index and duplicate_index)."));
    }
    return findings;
  }

  private static String describe(List<IndexStats> indexes) {
    StringBuilder text = new StringBuilder();
    for (IndexStats index : indexes) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(index.name()).append(" (").append(index.scans()).append(" scans)");
    }
    return text.toString();
  }
}
