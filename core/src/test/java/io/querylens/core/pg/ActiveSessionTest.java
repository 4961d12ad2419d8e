package io.querylens.core.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.pg.ActiveSession.TraceSource;
import io.querylens.core.trace.TraceParent;
import io.querylens.core.trace.TraceparentComment;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a pg_stat_activity row becomes the session a query-sample event is built from. */
class ActiveSessionTest {

  private static final String WAITER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String WAITER_SPAN = "b7ad6b7169203331";
  private static final String COMMENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String COMMENT_SPAN = "00f067aa0ba902b7";

  @Test
  void aWaitingSessionKeepsItsWaitAndBlockersAndLosesEveryLiteral() {
    ActiveSession session =
        row(
                "shop 00-" + WAITER_TRACE + "-" + WAITER_SPAN + "-01",
                "UPDATE accounts SET balance = balance - 4242, note = 'Jane Doe' WHERE id = 31337")
            .toSession();

    assertThat(session.queryText())
        .isEqualTo("UPDATE accounts SET balance = balance - ?, note = ? WHERE id = ?");
    assertThat(session.waitsOnLock()).isTrue();
    assertThat(session.blockingPids()).containsExactly(4711);
    assertThat(session.lockWaitSeconds()).isEqualTo(2.5);
    assertThat(session.trace()).isEqualTo(new TraceParent(WAITER_TRACE, WAITER_SPAN, 1));
    assertThat(session.traceSource()).isEqualTo(TraceSource.APPLICATION_NAME);
    assertThat(session.queryId()).isEqualTo(-8123456789L);
  }

  @Test
  void aTrailingSqlcommenterCommentWinsOverTheApplicationNameAndLeavesTheText() {
    ActiveSession session =
        row(
                "shop 00-" + WAITER_TRACE + "-" + WAITER_SPAN + "-01",
                "SELECT * FROM orders WHERE id = 5 /*traceparent='00-"
                    + COMMENT_TRACE
                    + "-"
                    + COMMENT_SPAN
                    + "-01'*/")
            .toSession();

    assertThat(session.trace()).isEqualTo(new TraceParent(COMMENT_TRACE, COMMENT_SPAN, 1));
    assertThat(session.traceSource()).isEqualTo(TraceSource.SQLCOMMENTER);
    assertThat(session.queryText()).doesNotContain("traceparent").doesNotContain("5");
  }

  @Test
  void theCommentQueryLensWritesGivesTheTraceWhenTheApplicationNameHasNone() {
    String sent =
        TraceparentComment.appendedTo(
            "SELECT pg_sleep(5)", COMMENT_TRACE, COMMENT_SPAN, /* sampled= */ false);

    ActiveSession session = row("PostgreSQL JDBC Driver", sent).toSession();

    assertThat(session.trace()).isEqualTo(new TraceParent(COMMENT_TRACE, COMMENT_SPAN, 0));
    assertThat(session.traceSource()).isEqualTo(TraceSource.SQLCOMMENTER);
    // The sanitizer drops the comment and keeps the blank before it.
    assertThat(session.queryText().strip()).isEqualTo("SELECT pg_sleep(?)");
  }

  @Test
  void aTextCutByPostgresqlInsideALiteralKeepsNoPartOfIt() {
    ActiveSession session =
        row("shop", "INSERT INTO notes (body) VALUES ('the patient''s diagnosis is").toSession();

    assertThat(session.queryText()).doesNotContain("patient").doesNotContain("diagnosis");
    assertThat(session.trace()).isNull();
    assertThat(session.traceSource()).isNull();
  }

  @Test
  void aHiddenQueryHasNoTextAndAZeroQueryIdIsNone() {
    ActivityRow hidden = row("", ActivityRow.HIDDEN_QUERY);
    ActiveSession session =
        new ActivityRow(
                hidden.pid(),
                null,
                "",
                null,
                null,
                "active",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                ActivityRow.HIDDEN_QUERY,
                0L)
            .toSession();

    assertThat(session.queryText()).isNull();
    assertThat(session.queryId()).isNull();
    assertThat(session.blockingPids()).isEmpty();
  }

  private static ActivityRow row(String applicationName, String query) {
    Instant start = Instant.parse("2026-12-03T09:00:00Z");
    return new ActivityRow(
        1234,
        "shop",
        applicationName,
        "10.0.0.7",
        50123,
        "active",
        "Lock",
        "transactionid",
        List.of(4711),
        start,
        start,
        start.plusMillis(500),
        2.5,
        "ShareLock",
        "transactionid",
        null,
        query,
        -8123456789L);
  }
}
