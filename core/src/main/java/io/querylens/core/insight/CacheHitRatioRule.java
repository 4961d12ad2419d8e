package io.querylens.core.insight;

import io.querylens.core.pg.DatabaseStats;
import io.querylens.core.pg.TableStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Share of block reads served from PostgreSQL's shared buffers, for the database and each table.
 * Below 99% a workload usually reads from disk or the OS cache more than it should; below 90% it is
 * I/O bound. Too few reads to judge make no finding.
 */
public final class CacheHitRatioRule implements Rule {

  public static final String KIND = "cache_hit_ratio";

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    Thresholds thresholds = input.thresholds();
    List<Finding> findings = new ArrayList<>();
    DatabaseStats database = input.snapshot().database();
    if (database != null) {
      judge(
          database.blocksHit(),
          database.blocksRead(),
          thresholds,
          FindingObject.database(input.database()),
          findings);
    }
    for (TableStats table : input.snapshot().tables()) {
      judge(
          table.heapBlocksHit(),
          table.heapBlocksRead(),
          thresholds,
          FindingObject.table(input.database(), table.schema(), table.name()),
          findings);
    }
    return findings;
  }

  private static void judge(
      long hit, long read, Thresholds thresholds, FindingObject object, List<Finding> findings) {
    long total = hit + read;
    if (total < thresholds.cacheMinBlocks()) {
      return;
    }
    double ratio = (double) hit / total;
    if (ratio >= thresholds.cacheHitWarning()) {
      return;
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("hit_ratio", Math.round(ratio * 10_000) / 10_000.0);
    evidence.put("blocks_hit", hit);
    evidence.put("blocks_read", read);
    findings.add(
        new Finding(
            KIND,
            ratio < thresholds.cacheHitCritical() ? Severity.CRITICAL : Severity.WARNING,
            Risk.NONE,
            object,
            evidence,
            null,
            null,
            "Reads miss shared_buffers: a missing index (sequential scans of a large table),"
                + " or a working set larger than shared_buffers."));
  }
}
