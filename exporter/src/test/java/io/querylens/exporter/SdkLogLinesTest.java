package io.querylens.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.core.log.AgentLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class SdkLogLinesTest {

  private long now = 1_000_000_000L;
  private final SdkLogLines lines = new SdkLogLines(() -> now);

  @Test
  void theSdksRecordsNeverReachTheApplicationsRootHandlerButBecomeOurLines() {
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    List<LogRecord> application = new ArrayList<>();
    Handler applicationHandler = collectingInto(application);
    Logger root = Logger.getLogger("");
    root.addHandler(applicationHandler);
    AgentLog.redirect(new PrintStream(ours, true, StandardCharsets.UTF_8));
    try {
      SdkLogLines.install();
      Logger.getLogger("io.opentelemetry.exporter.internal.http.HttpExporter")
          .log(
              Level.SEVERE,
              "Failed to export spans. The request could not be executed.",
              new IOException("Failed to connect to localhost/127.0.0.1:4318"));
    } finally {
      root.removeHandler(applicationHandler);
      AgentLog.redirect(System.err);
    }

    assertThat(application).isEmpty();
    assertThat(ours.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "[querylens] WARN OpenTelemetry SDK: Failed to export spans. The request could not be"
                + " executed. (java.io.IOException: Failed to connect to localhost/127.0.0.1:4318)");
  }

  @Test
  void aLoggerIsToldOnceAMinuteWithTheCountOfWhatWasHeldBack() {
    String first = lines.lineFor(record("exporter down"));
    String repeated = lines.lineFor(record("exporter down"));
    String again = lines.lineFor(record("exporter down"));
    now += SdkLogLines.QUIET_NANOS;
    String nextMinute = lines.lineFor(record("exporter down"));

    assertThat(first).isEqualTo("OpenTelemetry SDK: exporter down");
    assertThat(repeated).isNull();
    assertThat(again).isNull();
    assertThat(nextMinute)
        .isEqualTo(
            "OpenTelemetry SDK: exporter down [2 more such lines in the last minute held back]");
  }

  @Test
  void aMultiLineMessageWithParametersIsOneLine() {
    LogRecord record = record("queue {0} full\nsecond line");
    record.setParameters(new Object[] {"span"});

    assertThat(lines.lineFor(record)).isEqualTo("OpenTelemetry SDK: queue span full second line");
  }

  @Test
  void theRelocatedPackagesShareOneLogger() {
    assertThat(SdkLogLines.relocatedRoot("io.querylens.shaded.io.opentelemetry.api.OpenTelemetry"))
        .isEqualTo("io.querylens.shaded");
    assertThat(SdkLogLines.relocatedRoot("io.opentelemetry.api.OpenTelemetry"))
        .isEqualTo("io.opentelemetry");
  }

  private static LogRecord record(String message) {
    LogRecord record = new LogRecord(Level.WARNING, message);
    record.setLoggerName("io.opentelemetry.sdk.trace.export.BatchSpanProcessor");
    return record;
  }

  private static Handler collectingInto(List<LogRecord> records) {
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        records.add(record);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }
}
