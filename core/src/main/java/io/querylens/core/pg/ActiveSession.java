package io.querylens.core.pg;

import io.querylens.core.trace.TraceParent;
import java.time.Instant;
import java.util.List;

/**
 * One session of the sampled database that was running a statement, waiting, or inside a
 * transaction when the sample was taken, as {@code pg_stat_activity} showed it: what the
 * collector's {@code db.server.query_sample} event carries, plus the trace the session belongs to.
 * Never a literal: the query text is sanitized.
 *
 * @param state {@code active}, {@code idle in transaction}, ...; never {@code idle}
 * @param blockingPids the sessions it waits for ({@code pg_blocking_pids}), read only for a session
 *     waiting on a lock; empty otherwise
 * @param lockWaitStart when the lock wait began ({@code pg_locks.waitstart}, 14+), else null
 * @param lockWaitSeconds how long it has waited for the lock; before 14 since its statement (or
 *     state) changed; null when it waits on no lock
 * @param lockMode the mode of the lock it waits for, else null
 * @param lockType the type of the lock it waits for ({@code relation}, {@code transactionid}, ...)
 * @param lockRelation the relation of the lock it waits for, when that is a relation
 * @param queryText the statement's text with every literal replaced by {@code ?}, and its comments
 *     removed; null when the role may not see it
 * @param queryId {@code pg_stat_activity.query_id} (14+, where {@code compute_query_id} computes
 *     it), else null
 * @param trace the W3C trace context the session carries, else null
 * @param traceSource where {@link #trace} was found, else null
 */
public record ActiveSession(
    int pid,
    String user,
    String applicationName,
    String clientAddress,
    Integer clientPort,
    String state,
    String waitEventType,
    String waitEvent,
    List<Integer> blockingPids,
    Instant queryStart,
    Instant transactionStart,
    Instant lockWaitStart,
    Double lockWaitSeconds,
    String lockMode,
    String lockType,
    String lockRelation,
    String queryText,
    Long queryId,
    TraceParent trace,
    TraceSource traceSource) {

  /** Where a session's trace context was read. */
  public enum TraceSource {
    /** A trailing sqlcommenter comment of the statement: names the very statement. */
    SQLCOMMENTER("sqlcommenter"),
    /** The session's {@code application_name}, set per checkout. */
    APPLICATION_NAME("application_name");

    private final String label;

    TraceSource(String label) {
      this.label = label;
    }

    /** The value of the {@code querylens.trace.source} attribute. */
    public String label() {
      return label;
    }
  }

  public ActiveSession {
    blockingPids = blockingPids == null ? List.of() : List.copyOf(blockingPids);
  }

  /** Whether it waits for a lock another session holds. */
  public boolean waitsOnLock() {
    return "Lock".equals(waitEventType);
  }
}
