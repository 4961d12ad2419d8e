package io.querylens.core.insight;

import io.querylens.core.pg.IndexStats;
import io.querylens.core.pg.TableStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Index and table health scores, worst first, from the snapshot and findings the rules produced, so
 * a grade never contradicts a finding. Each score starts at 100 and loses points for each cause,
 * capped:
 *
 * <p>Index: {@code usage} 40 with an {@code unused_index} finding, 30 with a {@code
 * duplicate_index} one; {@code write_cost} 12.5 per tenfold more index entries written (its table's
 * inserts and non-HOT updates) than scans, from 1:1, at most 25, never for an index that backs a
 * constraint (it must be written whatever the reads); {@code size} from as big as its table's heap
 * (0) to twice as big (15), for indexes of 1 MiB+; {@code bloat} from 10% (0) to 50% (20): the
 * index's own leaf space that pgstatindex measured as empty when it did, else its table's bloat,
 * since dead rows keep their index entries until vacuum. An invalid index scores 0.
 *
 * <p>Table: {@code bloat} from 10% (0) to 50% (40); {@code indexes} 0.4 times its indexes' lost
 * points, averaged by index size (a large poor index weighs more than a small one), at most 40;
 * {@code scans_without_index} 20 with a {@code missing_index} or {@code missing_index_table_level}
 * finding.
 *
 * <p>Bloat is pgstattuple's measure (dead rows and free space) when the input has one, else the
 * dead-tuple share of tables with enough tuples for the bloat rule to judge.
 */
public record HealthScores(List<Health> tables, List<Health> indexes) {

  private static final long SIZE_FROM_BYTES = 1024 * 1024;

  /**
   * @param tables worst first
   * @param indexes worst first
   */
  public HealthScores {
    tables = List.copyOf(tables);
    indexes = List.copyOf(indexes);
  }

  public static HealthScores of(AdvisorInput input, List<Finding> findings) {
    List<Health> indexes = new ArrayList<>();
    Map<String, List<Weighted>> byTable = new LinkedHashMap<>();
    for (IndexStats index : input.snapshot().indexes()) {
      TableStats table = tableOf(input, index.schema(), index.table());
      Health health = index(input, index, table, findings);
      indexes.add(health);
      byTable
          .computeIfAbsent(index.schema() + "." + index.table(), k -> new ArrayList<>())
          .add(new Weighted(health, Math.max(index.sizeBytes(), 1)));
    }
    List<Health> tables = new ArrayList<>();
    for (TableStats table : input.snapshot().tables()) {
      tables.add(
          table(
              input,
              table,
              byTable.getOrDefault(table.schema() + "." + table.name(), List.of()),
              findings));
    }
    Comparator<Health> worstFirst = Comparator.comparingInt(Health::score);
    indexes.sort(worstFirst);
    tables.sort(worstFirst);
    return new HealthScores(tables, indexes);
  }

  static Health index(
      AdvisorInput input, IndexStats index, TableStats table, List<Finding> findings) {
    FindingObject object =
        FindingObject.index(input.database(), index.schema(), index.table(), index.name());
    Map<String, Integer> deductions = new LinkedHashMap<>();
    if (!index.valid()) {
      deductions.put("invalid", 100);
      return new Health(object, 0, deductions);
    }
    if (has(findings, UnusedIndexRule.KIND, object)) {
      deductions.put("usage", 40);
    } else if (has(findings, DuplicateIndexRule.KIND, object)) {
      deductions.put("usage", 30);
    }
    if (table != null) {
      if (!index.backsConstraint()) {
        long written = WriteLoad.of(table, List.of()).indexEntriesWrittenPerIndex();
        double perScan = (double) written / (index.scans() + 1);
        put(deductions, "write_cost", perScan <= 1 ? 0 : Math.min(25, 12.5 * Math.log10(perScan)));
      }
      if (index.sizeBytes() >= SIZE_FROM_BYTES && table.heapBytes() > 0) {
        double times = (double) index.sizeBytes() / table.heapBytes();
        put(deductions, "size", 15 * clamp(times - 1));
      }
      IndexBloat measured = input.indexBloatOf(index.schema(), index.name());
      put(
          deductions,
          "bloat",
          20
              * (measured != null
                  ? clamp((measured.ratio() - 0.10) / 0.40)
                  : bloatShare(input, table)));
    }
    return new Health(object, 100 - sum(deductions), deductions);
  }

  static Health table(
      AdvisorInput input, TableStats table, List<Weighted> indexes, List<Finding> findings) {
    FindingObject object = FindingObject.table(input.database(), table.schema(), table.name());
    Map<String, Integer> deductions = new LinkedHashMap<>();
    put(deductions, "bloat", 40 * bloatShare(input, table));
    double lost = 0;
    double weight = 0;
    for (Weighted index : indexes) {
      lost += (100 - index.health.score()) * (double) index.bytes;
      weight += index.bytes;
    }
    put(deductions, "indexes", weight == 0 ? 0 : Math.min(40, 0.4 * lost / weight));
    if (has(findings, MissingIndexAdvisor.KIND, object)
        || has(findings, TableScanRule.KIND, object)) {
      deductions.put("scans_without_index", 20);
    }
    return new Health(object, 100 - sum(deductions), deductions);
  }

  /** 0 at 10% bloat or less, 1 at 50% or more, linear between. */
  private static double bloatShare(AdvisorInput input, TableStats table) {
    Double measured = input.measuredBloat(table.schema(), table.name());
    double ratio;
    if (measured != null) {
      ratio = measured;
    } else {
      long tuples = table.liveTuples() + table.deadTuples();
      if (tuples < input.thresholds().bloatMinTuples()) {
        return 0;
      }
      ratio = (double) table.deadTuples() / tuples;
    }
    return clamp((ratio - 0.10) / 0.40);
  }

  private static boolean has(List<Finding> findings, String kind, FindingObject object) {
    for (Finding finding : findings) {
      FindingObject found = finding.object();
      if (finding.kind().equals(kind)
          && object.schema().equals(found.schema())
          && object.table().equals(found.table())
          && (object.index() == null || object.index().equals(found.index()))) {
        return true;
      }
    }
    return false;
  }

  private static TableStats tableOf(AdvisorInput input, String schema, String name) {
    for (TableStats table : input.snapshot().tables()) {
      if (table.schema().equals(schema) && table.name().equals(name)) {
        return table;
      }
    }
    return null;
  }

  private static void put(Map<String, Integer> deductions, String cause, double points) {
    int rounded = (int) Math.round(points);
    if (rounded > 0) {
      deductions.put(cause, rounded);
    }
  }

  private static int sum(Map<String, Integer> deductions) {
    int total = 0;
    for (int points : deductions.values()) {
      total += points;
    }
    return Math.min(100, total);
  }

  private static double clamp(double value) {
    return Math.max(0, Math.min(1, value));
  }

  /** An index's health and its size, for the table's size-weighted average. */
  record Weighted(Health health, long bytes) {}
}
