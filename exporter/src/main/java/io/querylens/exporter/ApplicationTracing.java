package io.querylens.exporter;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.querylens.core.trace.TraceparentComment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * One copy of the OpenTelemetry API the application traces with: the application's own (in its
 * class loader, when it builds its own SDK) or the OpenTelemetry Java agent's (relocated, in the
 * bootstrap loader). Ours is relocated and private, so the application's current span is reachable
 * only through that copy's classes, by method handles resolved once per copy.
 *
 * <p>Two halves, for two threads: {@link #currentSpan} runs on the application's thread as a
 * statement starts and only keeps a reference to the application's current {@code Span} (no
 * allocation, with a span or without); {@link #toParent} runs on the recording thread and copies
 * its context into our API's {@link SpanContext}, and {@link #spanName} reads its name there when
 * an N+1 finding wants it.
 */
final class ApplicationTracing {

  /** No OpenTelemetry API where the application's thread looked: statements are root spans. */
  static final ApplicationTracing NONE = new ApplicationTracing(false);

  /**
   * The application's API is ours (library mode: nothing relocated, one class loader), so its
   * current span is read with plain calls: no class-loader probing, no method handles.
   */
  static final ApplicationTracing SAME_LOADER = new ApplicationTracing(true);

  private final boolean sameLoader;

  private final MethodHandle currentSpan;
  private final MethodHandle spanContextOf;
  private final MethodHandle isValid;
  private final MethodHandle isSampled;
  private final MethodHandle traceId;
  private final MethodHandle spanId;

  private ApplicationTracing(boolean sameLoader) {
    this.sameLoader = sameLoader;
    this.currentSpan = null;
    this.spanContextOf = null;
    this.isValid = null;
    this.isSampled = null;
    this.traceId = null;
    this.spanId = null;
  }

  private ApplicationTracing(Class<?> span, Class<?> spanContext)
      throws ReflectiveOperationException {
    this.sameLoader = false;
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    this.currentSpan =
        lookup
            .findStatic(span, "current", MethodType.methodType(span))
            .asType(MethodType.methodType(Object.class));
    this.spanContextOf =
        lookup
            .findVirtual(span, "getSpanContext", MethodType.methodType(spanContext))
            .asType(MethodType.methodType(Object.class, Object.class));
    MethodType booleanOf = MethodType.methodType(boolean.class, Object.class);
    MethodType stringOf = MethodType.methodType(String.class, Object.class);
    this.isValid = virtual(lookup, spanContext, "isValid", boolean.class).asType(booleanOf);
    this.isSampled = virtual(lookup, spanContext, "isSampled", boolean.class).asType(booleanOf);
    this.traceId = virtual(lookup, spanContext, "getTraceId", String.class).asType(stringOf);
    this.spanId = virtual(lookup, spanContext, "getSpanId", String.class).asType(stringOf);
  }

  /**
   * The API of package {@code apiPackage} as {@code loader} (null: the bootstrap loader) sees it,
   * or {@link #NONE} when it sees none.
   */
  static ApplicationTracing in(ClassLoader loader, String apiPackage) {
    try {
      return OF_SPAN_CLASS.get(Class.forName(apiPackage + ".trace.Span", false, loader));
    } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
      return NONE;
    } catch (IllegalStateException e) {
      return NONE; // the API's classes are not what we expect (computeValue failed)
    }
  }

  /**
   * Kept by the application's {@code Span} class itself, so that our method handles, which hold the
   * application's classes, live exactly as long as its class loader: a redeployed application's
   * loader is not kept alive by anything of ours.
   */
  private static final ClassValue<ApplicationTracing> OF_SPAN_CLASS =
      new ClassValue<>() {
        @Override
        protected ApplicationTracing computeValue(Class<?> span) {
          try {
            Class<?> spanContext =
                Class.forName(span.getPackageName() + ".SpanContext", false, span.getClassLoader());
            return new ApplicationTracing(span, spanContext);
          } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException(e);
          }
        }
      };

  /**
   * On the application's thread: the application's current {@code Span}, valid or not, or null when
   * there is no API to ask. Only a reference: reading it allocates nothing.
   */
  Object currentSpan() throws Throwable {
    if (sameLoader) {
      return Span.current();
    }
    return currentSpan == null ? null : (Object) currentSpan.invokeExact();
  }

  /** The application's {@code SpanContext} of {@code captured} (from {@link #currentSpan}). */
  private Object contextOf(Object captured) throws Throwable {
    return captured == null || currentSpan == null
        ? null
        : (Object) spanContextOf.invokeExact(captured);
  }

  /**
   * On the recording thread: the name of the application's span {@code captured}, or null when its
   * class does not expose one (only the SDK's spans do: see {@link SpanNames}).
   */
  String spanName(Object captured) {
    if (sameLoader) {
      // Our SDK is the application's: read without reflection, so a native image needs no metadata.
      return captured instanceof ReadableSpan ? ((ReadableSpan) captured).getName() : null;
    }
    return SpanNames.of(captured);
  }

  /**
   * On the recording thread: {@code captured} (from {@link #currentSpan}) as the parent of a span
   * of ours, or null when the application had no valid span. The parent's trace id, span id and
   * sampled flag are kept; its trace state is not (QueryLens adds no vendor entries of its own, and
   * the application's exported spans carry it).
   */
  SpanContext toParent(Object captured) throws Throwable {
    if (sameLoader) {
      SpanContext own = captured == null ? null : ((Span) captured).getSpanContext();
      return own != null && own.isValid() ? own : null;
    }
    Object context = contextOf(captured);
    if (context == null || !(boolean) isValid.invokeExact(context)) {
      return null;
    }
    return SpanContext.create(
        (String) traceId.invokeExact(context),
        (String) spanId.invokeExact(context),
        (boolean) isSampled.invokeExact(context)
            ? TraceFlags.getSampled()
            : TraceFlags.getDefault(),
        TraceState.getDefault());
  }

  /**
   * On the application's thread: {@code captured} as a W3C {@code traceparent} ({@code 00-<trace
   * id>-<span id>-<flags>}), or null when the application had no valid span.
   */
  String traceparent(Object captured) throws Throwable {
    if (sameLoader) {
      SpanContext own = captured == null ? null : ((Span) captured).getSpanContext();
      return own != null && own.isValid()
          ? "00-" + own.getTraceId() + '-' + own.getSpanId() + (own.isSampled() ? "-01" : "-00")
          : null;
    }
    Object context = contextOf(captured);
    if (context == null || !(boolean) isValid.invokeExact(context)) {
      return null;
    }
    return "00-"
        + (String) traceId.invokeExact(context)
        + '-'
        + (String) spanId.invokeExact(context)
        + ((boolean) isSampled.invokeExact(context) ? "-01" : "-00");
  }

  /**
   * On the application's thread: {@code sql} with {@code captured} (from {@link #currentSpan}) as a
   * trailing sqlcommenter traceparent comment, or {@code sql} itself when the application had no
   * valid span (or the text takes none, see {@link TraceparentComment}). The ids are read in place:
   * the new text is all it allocates.
   */
  String withTraceparentComment(Object captured, String sql) throws Throwable {
    if (captured == null) {
      return sql;
    }
    if (sameLoader) {
      SpanContext own = ((Span) captured).getSpanContext();
      return own.isValid()
          ? TraceparentComment.appendedTo(sql, own.getTraceId(), own.getSpanId(), own.isSampled())
          : sql;
    }
    Object context = contextOf(captured);
    if (context == null || !(boolean) isValid.invokeExact(context)) {
      return sql;
    }
    return TraceparentComment.appendedTo(
        sql,
        (String) traceId.invokeExact(context),
        (String) spanId.invokeExact(context),
        (boolean) isSampled.invokeExact(context));
  }

  /**
   * Whether {@code captured} as a traceparent is exactly {@code candidate}, compared in place: what
   * lets a connection that stays in one request skip building the string per statement.
   */
  boolean traceparentIs(Object captured, String candidate) throws Throwable {
    if (candidate == null || candidate.length() != TRACEPARENT_LENGTH || captured == null) {
      return false;
    }
    String traceId;
    String spanId;
    boolean sampled;
    if (sameLoader) {
      SpanContext own = ((Span) captured).getSpanContext();
      if (!own.isValid()) {
        return false;
      }
      traceId = own.getTraceId();
      spanId = own.getSpanId();
      sampled = own.isSampled();
    } else {
      Object context = contextOf(captured);
      if (context == null || !(boolean) isValid.invokeExact(context)) {
        return false;
      }
      traceId = (String) this.traceId.invokeExact(context);
      spanId = (String) this.spanId.invokeExact(context);
      sampled = (boolean) isSampled.invokeExact(context);
    }
    return candidate.startsWith("00-")
        && candidate.regionMatches(3, traceId, 0, 32)
        && candidate.charAt(35) == '-'
        && candidate.regionMatches(36, spanId, 0, 16)
        && candidate.endsWith(sampled ? "-01" : "-00");
  }

  /** {@code 00-} + 32 + {@code -} + 16 + {@code -01}. */
  private static final int TRACEPARENT_LENGTH = 55;

  boolean found() {
    return sameLoader || currentSpan != null;
  }

  private static MethodHandle virtual(
      MethodHandles.Lookup lookup, Class<?> type, String name, Class<?> returned)
      throws ReflectiveOperationException {
    return lookup.findVirtual(type, name, MethodType.methodType(returned));
  }
}
