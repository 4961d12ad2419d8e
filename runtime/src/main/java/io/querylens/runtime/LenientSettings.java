package io.querylens.runtime;

import io.querylens.core.config.InvalidSettingException;
import io.querylens.core.config.Settings;
import io.querylens.core.log.AgentLog;
import java.time.Duration;

/**
 * The agent never stops the application over a setting: a malformed one is told in one line naming
 * its key, and its default used. (Plain methods rather than a lambda per setting: each lambda is a
 * class the JVM spins while {@code premain} runs, and the application waits for it.)
 */
final class LenientSettings {

  private final Settings settings;

  LenientSettings(Settings settings) {
    this.settings = settings;
  }

  boolean getBoolean(String key, boolean fallback) {
    try {
      return settings.getBoolean(key, fallback);
    } catch (InvalidSettingException e) {
      return told(e, fallback);
    }
  }

  int getInt(String key, int fallback, int min, int max) {
    try {
      return settings.getInt(key, fallback, min, max);
    } catch (InvalidSettingException e) {
      return told(e, fallback);
    }
  }

  double getDouble(String key, double fallback, double above) {
    try {
      return settings.getDouble(key, fallback, above);
    } catch (InvalidSettingException e) {
      return told(e, fallback);
    }
  }

  Duration getDuration(String key, Duration fallback) {
    try {
      return settings.getDuration(key, fallback);
    } catch (InvalidSettingException e) {
      return told(e, fallback);
    }
  }

  private static <T> T told(InvalidSettingException e, T fallback) {
    AgentLog.warn(e.getMessage() + "; using the default " + fallback);
    return fallback;
  }
}
