package io.querylens.core.pg;

import java.sql.SQLException;

/**
 * A failure is told once as a warning; the same kind of failure again (same step, exception class
 * and SQLSTATE) goes to debug, so a server down for an hour is one warning, not sixty.
 */
final class RepeatedFailureLog {

  private final SamplerLog log;
  private String last;

  RepeatedFailureLog(SamplerLog log) {
    this.log = log;
  }

  void failed(String what, Exception error, String message) {
    String key =
        what
            + error.getClass().getName()
            + (error instanceof SQLException sql ? sql.getSQLState() : "");
    if (key.equals(last)) {
      log.debug(message);
    } else {
      last = key;
      log.warning(message);
    }
  }

  /** Forgets the last failure; whether there was one (so recovery can be told once). */
  boolean clear() {
    boolean failed = last != null;
    last = null;
    return failed;
  }
}
