package io.querylens.agent;

import io.querylens.core.config.InvalidSettingException;
import io.querylens.core.log.AgentLog;
import java.util.function.Supplier;

/**
 * The agent never stops the application over a setting: a malformed one is told, and its default
 * used.
 */
final class LenientSetting {

  private LenientSetting() {}

  static <T> T read(Supplier<T> read, T fallback) {
    try {
      return read.get();
    } catch (InvalidSettingException e) {
      AgentLog.warn(e.getMessage() + "; using the default " + fallback);
      return fallback;
    }
  }
}
