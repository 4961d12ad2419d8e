package io.querylens.exporter;

import io.opentelemetry.api.OpenTelemetry;
import io.querylens.core.log.AgentLog;
import java.text.MessageFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Turns the java.util.logging records of our own OpenTelemetry SDK and its HTTP client into
 * QueryLens's one-line {@code [querylens]} messages, and keeps them away from the application's
 * logging: an application that routes java.util.logging to its own logger (an SLF4J bridge handler
 * on the root logger, as Spring Boot installs) used to get our exporter's failures as ERROR stack
 * traces. The records stop at the logger of our relocated packages, which does not hand them to its
 * parents (the root logger's handlers are the application's).
 *
 * <p>A collector that stays down makes the SDK log each failed export: each logger is told at most
 * once a minute, with the count of what was held back since.
 */
final class SdkLogLines extends Handler {

  static final long QUIET_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** Past this many distinct loggers, the rest share one budget. */
  private static final int MAX_LOGGERS = 64;

  /**
   * Held here: java.util.logging keeps loggers weakly, and a collected logger would lose the
   * handler and the cut from the parents with it.
   */
  private static volatile Logger installed;

  private final Map<String, Told> told = new ConcurrentHashMap<>();
  private final Told otherLoggers = new Told();
  private final LongClock clock;

  SdkLogLines(LongClock clock) {
    this.clock = clock;
    setLevel(Level.ALL);
  }

  /**
   * Installs the handler on the logger of every package our agent relocates (found from where our
   * OpenTelemetry API lives: {@code io.querylens.shaded} in the agent jar), once.
   */
  static synchronized void install() {
    if (installed != null) {
      return;
    }
    Logger logger = Logger.getLogger(relocatedRoot(OpenTelemetry.class.getName()));
    logger.setUseParentHandlers(false);
    logger.setLevel(AgentLog.debugEnabled() ? Level.FINE : Level.INFO);
    logger.addHandler(new SdkLogLines(System::nanoTime));
    installed = logger;
  }

  /**
   * {@code io.querylens.shaded} for {@code io.querylens.shaded.io.opentelemetry.api.OpenTelemetry};
   * without relocation (this module's own tests), the SDK's {@code io.opentelemetry}.
   *
   * <p>No string literal here may start with the OpenTelemetry package (leading dots included): the
   * agent jar's shading would rewrite it to the relocated one.
   */
  static String relocatedRoot(String openTelemetryClassName) {
    String upToApi =
        openTelemetryClassName.substring(
            0, openTelemetryClassName.lastIndexOf("opentelemetry.api.OpenTelemetry"));
    String relocationPrefix = upToApi.substring(0, upToApi.length() - "io.".length());
    return relocationPrefix.isEmpty()
        ? upToApi + "opentelemetry"
        : relocationPrefix.substring(0, relocationPrefix.length() - 1);
  }

  @Override
  public void publish(LogRecord record) {
    try {
      String line = lineFor(record);
      if (line == null) {
        return;
      }
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        AgentLog.warn(line);
      } else if (record.getLevel().intValue() >= Level.INFO.intValue()) {
        AgentLog.info(line);
      } else {
        AgentLog.debug(line);
      }
    } catch (RuntimeException e) {
      // A log line of ours must never fail the SDK's thread that wrote it.
    }
  }

  /** The line for {@code record}, or null when its logger was told less than a minute ago. */
  String lineFor(LogRecord record) {
    String name = record.getLoggerName() == null ? "" : record.getLoggerName();
    Told state = told.get(name);
    if (state == null) {
      state =
          told.size() < MAX_LOGGERS ? told.computeIfAbsent(name, n -> new Told()) : otherLoggers;
    }
    long now = clock.nanos();
    long heldBack = state.tryTell(now);
    if (heldBack < 0) {
      return null;
    }
    StringBuilder line = new StringBuilder("OpenTelemetry SDK: ");
    line.append(oneLine(message(record)));
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      line.append(" (").append(oneLine(String.valueOf(thrown))).append(')');
    }
    if (heldBack > 0) {
      line.append(" [").append(heldBack).append(" more such lines in the last minute held back]");
    }
    return line.toString();
  }

  private static String message(LogRecord record) {
    String message = record.getMessage();
    Object[] parameters = record.getParameters();
    if (message == null) {
      return "";
    }
    if (parameters == null || parameters.length == 0) {
      return message;
    }
    try {
      return MessageFormat.format(message, parameters);
    } catch (IllegalArgumentException e) {
      return message;
    }
  }

  private static String oneLine(String text) {
    return text.replace('\n', ' ').replace('\r', ' ');
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** When a logger was last told, and how many of its records were held back since. */
  private static final class Told {
    private long lastToldNanos;
    private boolean everTold;
    private long heldBack;

    /** The number held back before this line when it may be told now, else -1. */
    synchronized long tryTell(long now) {
      if (everTold && now - lastToldNanos < QUIET_NANOS) {
        heldBack++;
        return -1;
      }
      everTold = true;
      lastToldNanos = now;
      long before = heldBack;
      heldBack = 0;
      return before;
    }
  }

  /** A monotonic clock in nanoseconds; injected so tests need not wait a minute. */
  interface LongClock {
    long nanos();
  }
}
