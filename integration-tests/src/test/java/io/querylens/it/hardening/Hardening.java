package io.querylens.it.hardening;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpAttributes;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** What the hardening specifications share: running an application, reading what arrived. */
final class Hardening {

  static final Duration WAIT = Duration.ofSeconds(30);

  private Hardening() {}

  /** The agent exporting to {@code receiver} quickly, so a short run shows every export. */
  static ForkedJvm traced(ForkedJvm jvm, OtlpReceiver receiver) {
    return exportingTo(jvm.javaagent(ForkedJvm.agentJar()), receiver);
  }

  /** The settings of {@link #traced}, for an agent the application attaches itself. */
  static ForkedJvm exportingTo(ForkedJvm jvm, OtlpReceiver receiver) {
    return jvm.systemProperties(receiver.exporterSettings(Transport.HTTP))
        .systemProperty("otel.metric.export.interval", "500")
        .systemProperty("otel.bsp.schedule.delay", "200")
        .timeout(Duration.ofMinutes(2));
  }

  /** The application's own results: its RESULT lines and DONE, not the JVM's or the agent's. */
  static List<String> resultLines(String stdout) {
    return stdout.lines().filter(line -> line.startsWith("RESULT") || line.equals("DONE")).toList();
  }

  /** The agent's own lines on standard error. */
  static List<String> agentLines(String stderr) {
    return stderr.lines().filter(line -> line.startsWith("[querylens]")).toList();
  }

  /** Spans received, each once even when an export was retried after a timeout. */
  static int distinctSpans(OtlpReceiver receiver) {
    Set<Object> ids = new HashSet<>();
    for (Span span : receiver.spans()) {
      ids.add(span.getSpanId());
    }
    return ids.size();
  }

  /** The sum of the newest export of {@code name} over the points matching {@code which}. */
  static long total(OtlpReceiver receiver, String name, Predicate<NumberDataPoint> which) {
    List<Metric> exports = receiver.metrics(name);
    if (exports.isEmpty()) {
      return 0;
    }
    Metric last = exports.get(exports.size() - 1);
    List<NumberDataPoint> points =
        last.hasSum() ? last.getSum().getDataPointsList() : last.getGauge().getDataPointsList();
    long total = 0;
    for (NumberDataPoint point : points) {
      if (which.test(point)) {
        total += point.getAsInt();
      }
    }
    return total;
  }

  static Predicate<NumberDataPoint> attribute(String key, boolean value) {
    return point -> {
      AnyValue found = OtlpAttributes.value(point.getAttributesList(), key);
      return found != null && found.getBoolValue() == value;
    };
  }

  static Predicate<NumberDataPoint> attribute(String key, String value) {
    return point -> value.equals(OtlpAttributes.attr(point, key));
  }

  /** Lets a held application go on past {@code round}. */
  static void release(Path holdDirectory, int round) {
    try {
      Files.createFile(holdDirectory.resolve("go-" + round));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path holdDirectory() {
    try {
      return Files.createTempDirectory("querylens-hold-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
