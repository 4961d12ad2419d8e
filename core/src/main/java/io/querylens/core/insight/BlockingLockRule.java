package io.querylens.core.insight;

import io.querylens.core.pg.LockWait;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sessions waiting on another session's lock: who blocks whom, on what, for how long. */
public final class BlockingLockRule implements Rule {

  public static final String KIND = "blocking_lock";

  @Override
  public List<Finding> evaluate(AdvisorInput input) {
    double limit = input.thresholds().blockingLock().toMillis() / 1000.0;
    List<Finding> findings = new ArrayList<>();
    for (LockWait wait : input.snapshot().lockWaits()) {
      if (wait.waitSeconds() < limit) {
        continue;
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("blocked_pid", wait.blockedPid());
      evidence.put("blocking_pid", wait.blockingPid());
      evidence.put("wait_seconds", Math.round(wait.waitSeconds() * 10) / 10.0);
      evidence.put("lock_type", wait.lockType());
      evidence.put("mode", wait.mode());
      evidence.put("relation", wait.relation());
      findings.add(
          new Finding(
              KIND,
              wait.waitSeconds() >= limit * 12 ? Severity.CRITICAL : Severity.WARNING,
              Risk.NONE,
              FindingObject.database(input.database()),
              evidence,
              null,
              null,
              "Session "
                  + wait.blockingPid()
                  + " holds a lock session "
                  + wait.blockedPid()
                  + " waits for."));
    }
    return findings;
  }
}
