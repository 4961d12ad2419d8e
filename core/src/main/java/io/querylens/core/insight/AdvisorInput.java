package io.querylens.core.insight;

import io.querylens.core.pg.Snapshot;
import java.util.List;

/**
 * What the rules judge: the latest snapshot of the primary (or the one server), the latest
 * snapshots of its standbys (an index unused on the primary may serve a replica's reads), and the
 * thresholds.
 */
public record AdvisorInput(Snapshot snapshot, List<Snapshot> standbys, Thresholds thresholds) {

  public AdvisorInput {
    standbys = List.copyOf(standbys);
  }

  public static AdvisorInput of(Snapshot snapshot) {
    return new AdvisorInput(snapshot, List.of(), Thresholds.defaults());
  }

  String database() {
    return snapshot.server().database();
  }
}
