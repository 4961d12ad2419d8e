package io.querylens.core.insight;

import io.querylens.core.pg.TableStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weak, table-level sign of a missing index, from the table counters alone: a large table read
 * mostly by sequential scans that each read most of it. It names no statement and no column, so it
 * recommends nothing; {@link MissingIndexAdvisor} finds the statement and the columns when it can
 * explain them.
 */
public final class TableScanRule implements Rule {

  public static final String KIND = "missing_index_table_level";

  private final MissingIndexSettings settings;

  public TableScanRule() {
    this(MissingIndexSettings.defaults());
  }

  public TableScanRule(MissingIndexSettings settings) {
    this.settings = settings;
  }

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    List<TableStats> scanned = new ArrayList<>();
    for (TableStats table : input.snapshot().tables()) {
      if (table.liveTuples() >= settings.minTableTuples()
          && table.seqScans() >= settings.tableLevelMinSeqScans()
          && table.seqScans() > table.indexScans()
          // Each scan read at least half the table: whole-table reads, not LIMITed peeks.
          && table.seqTuplesRead() / table.seqScans() >= table.liveTuples() / 2) {
        scanned.add(table);
      }
    }
    scanned.sort(Comparator.comparingLong(TableStats::seqTuplesRead).reversed());
    List<Finding> findings = new ArrayList<>();
    for (TableStats table : scanned) {
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("seq_scans", table.seqScans());
      evidence.put("seq_tup_read", table.seqTuplesRead());
      evidence.put("idx_scans", table.indexScans());
      evidence.put("live_tuples", table.liveTuples());
      evidence.put("table_bytes", table.heapBytes());
      findings.add(
          new Finding(
              KIND,
              Severity.INFO,
              Risk.NONE,
              FindingObject.table(input.database(), table.schema(), table.name()),
              evidence,
              null,
              null,
              "Sequential scans read this large table over and over, but no costly statement's"
                  + " plan showed which filter an index would serve; look at the statements"
                  + " that read it."));
    }
    return findings;
  }
}
