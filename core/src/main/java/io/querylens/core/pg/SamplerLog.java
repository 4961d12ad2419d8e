package io.querylens.core.pg;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where the sampler says what it skipped and why. The default writes to {@code java.util.logging}
 * logger {@code io.querylens.sampler}; the agent may route it elsewhere, tests record it. Messages
 * never hold a URL or a credential.
 */
public interface SamplerLog {

  /** Something the user should act on (a missing grant or extension, a failing server). */
  void warning(String message);

  /** A change worth knowing (took over sampling, reconnected). */
  void info(String message);

  /** Detail for troubleshooting, e.g. the repeats of a failure already warned about. */
  void debug(String message);

  static SamplerLog javaUtilLogging() {
    Logger logger = Logger.getLogger("io.querylens.sampler");
    return new SamplerLog() {
      @Override
      public void warning(String message) {
        logger.log(Level.WARNING, message);
      }

      @Override
      public void info(String message) {
        logger.log(Level.INFO, message);
      }

      @Override
      public void debug(String message) {
        logger.log(Level.FINE, message);
      }
    };
  }
}
