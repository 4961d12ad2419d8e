package io.querylens.it.demo;

import static io.querylens.it.support.OtlpAttributes.attr;

import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's table: statement shapes by total time, from the spans the agent exported. */
final class StatementReport {

  private final List<Shape> shapes;
  private final int spans;

  private StatementReport(List<Shape> shapes, int spans) {
    this.shapes = shapes;
    this.spans = spans;
  }

  static StatementReport of(List<Span> spans) {
    Map<String, Shape> byFingerprint = new LinkedHashMap<>();
    for (Span span : spans) {
      String fingerprint = attr(span, "querylens.query.fingerprint");
      if (fingerprint == null) {
        continue;
      }
      byFingerprint
          .computeIfAbsent(
              fingerprint, f -> new Shape(f, span.getName(), attr(span, "db.query.text")))
          .add(span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
    }
    List<Shape> shapes = new ArrayList<>(byFingerprint.values());
    shapes.sort(Comparator.comparingLong(Shape::totalNanos).reversed());
    return new StatementReport(shapes, spans.size());
  }

  String render(int top) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%d statements in %d shapes; the top %d by total time:%n%n",
            spans,
            shapes.size(),
            Math.min(top, shapes.size())));
    out.append(
        String.format(
            Locale.ROOT,
            "%-16s  %-28s %7s %10s %9s %9s%n",
            "fingerprint",
            "summary",
            "calls",
            "total ms",
            "mean ms",
            "p95 ms"));
    for (Shape shape : shapes.subList(0, Math.min(top, shapes.size()))) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-16s  %-28s %7d %10.1f %9.3f %9.3f%n",
              shape.fingerprint,
              abbreviate(shape.summary, 28),
              shape.durations.size(),
              shape.totalNanos() / 1e6,
              shape.totalNanos() / 1e6 / shape.durations.size(),
              shape.percentile(0.95) / 1e6));
      out.append("                  ").append(abbreviate(shape.text, 100)).append('\n');
    }
    return out.toString();
  }

  private static String abbreviate(String text, int max) {
    if (text == null) {
      return "";
    }
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }

  private static final class Shape {
    final String fingerprint;
    final String summary;
    final String text;
    final List<Long> durations = new ArrayList<>();

    Shape(String fingerprint, String summary, String text) {
      this.fingerprint = fingerprint;
      this.summary = summary;
      this.text = text;
    }

    void add(long nanos) {
      durations.add(nanos);
    }

    long totalNanos() {
      long total = 0;
      for (long nanos : durations) {
        total += nanos;
      }
      return total;
    }

    long percentile(double fraction) {
      List<Long> sorted = new ArrayList<>(durations);
      sorted.sort(null);
      int index = (int) Math.ceil(fraction * sorted.size()) - 1;
      return sorted.get(Math.max(0, index));
    }
  }
}
