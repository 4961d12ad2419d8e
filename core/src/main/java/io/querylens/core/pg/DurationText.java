package io.querylens.core.pg;

import java.time.Duration;

/**
 * Reads durations the way OpenTelemetry's configuration does: a whole number with an optional unit
 * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}; no unit means milliseconds.
 */
public final class DurationText {

  private DurationText() {}

  /**
   * The duration {@code text} names.
   *
   * @param key the setting it came from, named in the error
   * @throws IllegalArgumentException naming the key and the accepted forms when malformed
   */
  public static Duration parse(String key, String text) {
    String value = text == null ? "" : text.trim();
    int digits = 0;
    while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
      digits++;
    }
    if (digits == 0 || digits > 12) {
      throw malformed(key, text);
    }
    long amount = Long.parseLong(value.substring(0, digits));
    switch (value.substring(digits).trim()) {
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
        throw malformed(key, text);
    }
  }

  private static IllegalArgumentException malformed(String key, String text) {
    return new IllegalArgumentException(
        "Invalid duration for "
            + key
            + ": '"
            + text
            + "'. Use a whole number with ms, s, m, h or d (e.g. 500ms, 10s, 2m); no unit means"
            + " milliseconds.");
  }
}
