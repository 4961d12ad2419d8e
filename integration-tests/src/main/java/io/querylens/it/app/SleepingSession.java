package io.querylens.it.app;

import io.opentelemetry.api.trace.Span;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * What the trace-context apps read of their own session while it sleeps in {@code pg_sleep}: one
 * column of its {@code pg_stat_activity} row, seen from a second connection.
 */
final class SleepingSession {

  private SleepingSession() {}

  /** The W3C traceparent of a sampled {@code span}, as QueryLens should write it. */
  static String traceparent(Span span) {
    return "00-"
        + span.getSpanContext().getTraceId()
        + "-"
        + span.getSpanContext().getSpanId()
        + "-01";
  }

  /**
   * Polls until another session runs its {@code pg_sleep}, and reads that session's {@code column}
   * ({@code query} or {@code application_name}); a text in angle brackets when it never does.
   */
  static String columnOfTheSleeper(Connection observer, String column) {
    try (PreparedStatement activity =
        observer.prepareStatement(
            "SELECT "
                + column
                + " FROM pg_stat_activity"
                + " WHERE state = 'active' AND query LIKE 'SELECT pg_sleep%'"
                + " AND pid <> pg_backend_pid()")) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        try (ResultSet rows = activity.executeQuery()) {
          if (rows.next()) {
            return rows.getString(1);
          }
        }
        Thread.sleep(50);
      }
      return "<never seen running>";
    } catch (SQLException | InterruptedException e) {
      return "<" + e + ">";
    }
  }
}
