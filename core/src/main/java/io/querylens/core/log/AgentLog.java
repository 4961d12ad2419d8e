package io.querylens.core.log;

import io.querylens.core.config.Settings;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's voice in the application's log: one line per event, prefixed {@code [querylens]}, on
 * standard error. A problem that recurs (a missing grant, a collector that stays down) is told once
 * per key, so the application's log never fills with our repeats.
 */
public final class AgentLog {

  private static final Set<String> TOLD = ConcurrentHashMap.newKeySet();

  private static volatile PrintStream out = System.err;

  static final String DEBUG = Settings.PREFIX + "debug";

  private static volatile boolean debug = debugOn(Settings.fromSystem());

  static {
    // Settings names each key it reads in a debug line, but read this one before debug was on.
    debug("setting " + DEBUG + " (set)");
  }

  private AgentLog() {}

  /**
   * Whether {@code settings} turn debug lines on, read as every setting is (system property, then
   * environment variable {@code OTEL_INSTRUMENTATION_QUERYLENS_DEBUG}); anything but {@code true}
   * is off, since the log cannot refuse to start over its own switch.
   */
  static boolean debugOn(Settings settings) {
    return "true".equalsIgnoreCase(settings.get(DEBUG));
  }

  public static void info(String message) {
    out.println("[querylens] " + message);
  }

  public static void warn(String message) {
    out.println("[querylens] WARN " + message);
  }

  /**
   * Keys remembered at most: some name what the application chose (a class that could not be
   * instrumented, a class loader's type), so past this the agent stops telling new ones.
   */
  static final int MAX_TOLD_KEYS = 4096;

  private static final String TOO_MANY = "\0too-many-warnings";

  /** Tells {@code message} the first time {@code key} is seen, and never again for that key. */
  public static void warnOnce(String key, String message) {
    if (TOLD.contains(key)) {
      return;
    }
    if (TOLD.size() >= MAX_TOLD_KEYS) {
      if (TOLD.add(TOO_MANY)) {
        warn("more than " + MAX_TOLD_KEYS + " distinct warnings; further ones are not told");
      }
      return;
    }
    if (TOLD.add(key)) {
      warn(message);
    }
  }

  /**
   * Forgets {@code key}, so that the next {@link #warnOnce} for it is told again (a problem came
   * back).
   */
  public static void forget(String key) {
    TOLD.remove(key);
  }

  /** For tests: every key forgotten, so one test's warnings do not silence another's. */
  static void forgetAll() {
    TOLD.clear();
  }

  public static void debug(String message) {
    if (debug) {
      out.println("[querylens] DEBUG " + message);
    }
  }

  public static boolean debugEnabled() {
    return debug;
  }

  /** For tests: where lines go. */
  public static void redirect(PrintStream stream) {
    out = stream;
  }
}
