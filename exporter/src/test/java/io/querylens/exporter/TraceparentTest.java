package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The application's span as a W3C traceparent, for the session's {@code application_name}: built
 * once per request, and recognised in place for the request's later statements. Both ways of
 * reading the application's API: the same class loader (library mode) and method handles (the
 * agent).
 */
class TraceparentTest {

  private static final SpanContext REQUEST =
      SpanContext.create(
          "0af7651916cd43dd8448eb211c80319c",
          "b7ad6b7169203331",
          TraceFlags.getSampled(),
          TraceState.getDefault());

  private static final String ITS_TRACEPARENT =
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private static List<ApplicationTracing> bothWays() {
    return List.of(
        ApplicationTracing.SAME_LOADER,
        ApplicationTracing.in(TraceparentTest.class.getClassLoader(), "io.opentelemetry.api"));
  }

  @Test
  void aValidSpanIsItsW3cTraceparent() throws Throwable {
    for (ApplicationTracing tracing : bothWays()) {
      assertThat(tracing.traceparent(REQUEST)).isEqualTo(ITS_TRACEPARENT);
      assertThat(tracing.traceparent(SpanContext.getInvalid())).isNull();
      assertThat(tracing.traceparent(null)).isNull();
    }
  }

  @Test
  void theSameRequestIsRecognisedAndAnyOtherIsNot() throws Throwable {
    SpanContext unsampled =
        SpanContext.create(
            REQUEST.getTraceId(),
            REQUEST.getSpanId(),
            TraceFlags.getDefault(),
            TraceState.getDefault());
    for (ApplicationTracing tracing : bothWays()) {
      assertThat(tracing.traceparentIs(REQUEST, ITS_TRACEPARENT)).isTrue();
      assertThat(tracing.traceparentIs(unsampled, ITS_TRACEPARENT)).isFalse();
      assertThat(
              tracing.traceparentIs(
                  REQUEST, "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01"))
          .isFalse();
      assertThat(tracing.traceparentIs(REQUEST, "PostgreSQL JDBC Driver")).isFalse();
      assertThat(tracing.traceparentIs(REQUEST, null)).isFalse();
      assertThat(tracing.traceparentIs(SpanContext.getInvalid(), ITS_TRACEPARENT)).isFalse();
    }
  }

  @Test
  void aPlainStatementsTextCarriesTheSpanAsATrailingSqlcommenterComment() throws Throwable {
    SpanContext unsampled =
        SpanContext.create(
            REQUEST.getTraceId(),
            REQUEST.getSpanId(),
            TraceFlags.getDefault(),
            TraceState.getDefault());
    for (ApplicationTracing tracing : bothWays()) {
      assertThat(tracing.withTraceparentComment(REQUEST, "SELECT 1"))
          .isEqualTo("SELECT 1 /*traceparent='" + ITS_TRACEPARENT + "'*/");
      assertThat(tracing.withTraceparentComment(unsampled, "SELECT 1"))
          .isEqualTo("SELECT 1 /*traceparent='" + ITS_TRACEPARENT.replace("-01", "-00") + "'*/");
      assertThat(tracing.withTraceparentComment(SpanContext.getInvalid(), "SELECT 1"))
          .isEqualTo("SELECT 1");
      assertThat(tracing.withTraceparentComment(null, "SELECT 1")).isEqualTo("SELECT 1");
    }
  }
}
