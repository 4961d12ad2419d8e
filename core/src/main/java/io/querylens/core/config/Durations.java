package io.querylens.core.config;

import java.time.Duration;

/** Parses the OpenTelemetry configuration's duration syntax: a number and an optional unit. */
final class Durations {

  private Durations() {}

  /**
   * {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 1d}, or bare milliseconds; null if
   * malformed.
   */
  static Duration parse(String text) {
    int end = 0;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    if (end == 0 || end > 18) {
      return null;
    }
    long amount = Long.parseLong(text.substring(0, end));
    String unit = text.substring(end).trim();
    switch (unit) {
      case "":
      case "ms":
        return Duration.ofMillis(amount);
      case "s":
        return Duration.ofSeconds(amount);
      case "m":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      case "d":
        return Duration.ofDays(amount);
      default:
        return null;
    }
  }
}
