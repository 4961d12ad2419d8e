package io.querylens.it.support;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;

/** Keeps the data of ended spans so {@link OtlpReceiverIT} can hand them to an exporter itself. */
final class FinishedSpans implements SpanProcessor {

  private final List<SpanData> ended = new ArrayList<>();

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public synchronized void onEnd(ReadableSpan span) {
    ended.add(span.toSpanData());
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  synchronized SpanData only() {
    if (ended.size() != 1) {
      throw new IllegalStateException("expected one ended span, got " + ended.size());
    }
    return ended.get(0);
  }
}
