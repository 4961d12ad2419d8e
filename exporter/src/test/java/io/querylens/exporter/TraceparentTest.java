package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
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
      assertThat(tracing.traceparent(Span.wrap(REQUEST))).isEqualTo(ITS_TRACEPARENT);
      assertThat(tracing.traceparent(Span.getInvalid())).isNull();
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
      assertThat(tracing.traceparentIs(Span.wrap(REQUEST), ITS_TRACEPARENT)).isTrue();
      assertThat(tracing.traceparentIs(Span.wrap(unsampled), ITS_TRACEPARENT)).isFalse();
      assertThat(
              tracing.traceparentIs(
                  Span.wrap(REQUEST), "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01"))
          .isFalse();
      assertThat(tracing.traceparentIs(Span.wrap(REQUEST), "PostgreSQL JDBC Driver")).isFalse();
      assertThat(tracing.traceparentIs(Span.wrap(REQUEST), null)).isFalse();
      assertThat(tracing.traceparentIs(Span.getInvalid(), ITS_TRACEPARENT)).isFalse();
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
      assertThat(tracing.withTraceparentComment(Span.wrap(REQUEST), "SELECT 1"))
          .isEqualTo("SELECT 1 /*traceparent='" + ITS_TRACEPARENT + "'*/");
      assertThat(tracing.withTraceparentComment(Span.wrap(unsampled), "SELECT 1"))
          .isEqualTo("SELECT 1 /*traceparent='" + ITS_TRACEPARENT.replace("-01", "-00") + "'*/");
      assertThat(tracing.withTraceparentComment(Span.getInvalid(), "SELECT 1"))
          .isEqualTo("SELECT 1");
      assertThat(tracing.withTraceparentComment(null, "SELECT 1")).isEqualTo("SELECT 1");
    }
  }
}
