package io.querylens.runtime.jdbc;

import io.querylens.core.log.AgentLog;
import io.querylens.core.trace.TraceparentComment;
import io.querylens.exporter.StatementObserver;
import java.sql.PreparedStatement;

/**
 * Carries the application's trace into a plain statement's text (opt-in): a statement that runs in
 * an application span, sampled or not (the flags say which), is sent with a trailing sqlcommenter
 * comment {@code /*traceparent='00-<trace>-<span>-<flags>'*}{@code /}, so that {@code
 * pg_stat_activity}, the server log and QueryLens's session samples name the request. The span is
 * the application's, the parent of QueryLens's own span: ours is made later, on the recording
 * thread.
 *
 * <p>Never a prepared or callable statement: a text that changes per request would be prepared anew
 * each time ({@code trace-context.application-name} covers those). The span, its summary and
 * fingerprint keep the application's text: it is read before the comment is added.
 */
class TraceparentComments {

  /** The comment off: the default; every text goes as the application wrote it. */
  static final TraceparentComments OFF = new TraceparentComments();

  private TraceparentComments() {}

  static TraceparentComments on(StatementObserver observer) {
    return new On(observer);
  }

  /** The text to send for the execution {@code scope} stands for. */
  String sqlToSend(Object statement, Object scope, String sql) {
    return sql;
  }

  /** The text to send for {@code addBatch(sql)}, in the application's current span. */
  String batchSqlToSend(Object statement, String sql) {
    return sql;
  }

  /**
   * The application's text of what reached a statement's {@code addBatch}: a pool's wrapper hands
   * its driver's statement the text it was given, comment and all.
   */
  String applicationSql(String sql) {
    return sql;
  }

  private static final class On extends TraceparentComments {

    private final StatementObserver observer;

    On(StatementObserver observer) {
      this.observer = observer;
    }

    @Override
    String sqlToSend(Object statement, Object scope, String sql) {
      if (statement instanceof PreparedStatement) {
        return sql;
      }
      try {
        return observer.withTraceparentComment(scope, sql);
      } catch (RuntimeException e) {
        return failed(sql, e);
      }
    }

    @Override
    String batchSqlToSend(Object statement, String sql) {
      if (statement instanceof PreparedStatement || sql == null) {
        return sql;
      }
      try {
        return observer.withCurrentTraceparentComment(sql);
      } catch (RuntimeException e) {
        return failed(sql, e);
      }
    }

    @Override
    String applicationSql(String sql) {
      return sql == null ? null : TraceparentComment.removedFrom(sql);
    }

    private static String failed(String sql, RuntimeException e) {
      AgentLog.warnOnce(
          "traceparent-comment",
          "cannot add the traceparent comment; statements are sent as written: " + e);
      return sql;
    }
  }
}
