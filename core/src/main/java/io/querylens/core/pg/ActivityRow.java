package io.querylens.core.pg;

import io.querylens.core.pg.ActiveSession.TraceSource;
import io.querylens.core.sql.SqlFingerprinter;
import io.querylens.core.trace.TraceParent;
import java.time.Instant;
import java.util.List;

/**
 * One {@code pg_stat_activity} row as read, raw query text included; {@link #toSession()} makes the
 * exported {@link ActiveSession} of it, which keeps no raw text.
 */
record ActivityRow(
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
    String rawQuery,
    Long queryId) {

  /** What {@code pg_stat_activity.query} shows for another role's session without pg_monitor. */
  static final String HIDDEN_QUERY = "<insufficient privilege>";

  /**
   * The session, its text sanitized (never a literal) and its trace read: from the statement's
   * trailing sqlcommenter comment first, since that names the very statement, else from {@code
   * application_name}, which a pool sets per checkout.
   */
  ActiveSession toSession() {
    boolean visible = rawQuery != null && !rawQuery.isBlank() && !HIDDEN_QUERY.equals(rawQuery);
    TraceParent trace = visible ? TraceParent.inTrailingComment(rawQuery) : null;
    TraceSource source = trace == null ? null : TraceSource.SQLCOMMENTER;
    if (trace == null) {
      trace = TraceParent.find(applicationName);
      source = trace == null ? null : TraceSource.APPLICATION_NAME;
    }
    return new ActiveSession(
        pid,
        user,
        applicationName,
        clientAddress,
        clientPort,
        state,
        waitEventType,
        waitEvent,
        blockingPids,
        queryStart,
        transactionStart,
        lockWaitStart,
        lockWaitSeconds,
        lockMode,
        lockType,
        lockRelation,
        visible ? SqlFingerprinter.shape(rawQuery).sanitizedText() : null,
        queryId == null || queryId == 0 ? null : queryId,
        trace,
        source);
  }
}
