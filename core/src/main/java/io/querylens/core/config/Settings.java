package io.querylens.core.config;

import io.querylens.core.log.AgentLog;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Settings read the OpenTelemetry way: a system property ({@code otel.foo.bar}), else the
 * environment variable ({@code OTEL_FOO_BAR}), else the default. A malformed value fails fast with
 * an {@link InvalidSettingException} that names the key and what it accepts.
 */
public final class Settings {

  /** Our own keys live under this prefix. */
  public static final String PREFIX = "otel.instrumentation.querylens.";

  /**
   * Every key any instance has been asked for, so that debug output can list each setting once, the
   * first time it is read: the keys are the code's own constants, a few dozen.
   */
  private static final Set<String> READ = ConcurrentHashMap.newKeySet();

  private final Map<?, ?> properties;
  private final Map<String, String> environment;

  public Settings(Map<?, ?> properties, Map<String, String> environment) {
    this.properties = properties;
    this.environment = environment;
  }

  /** The JVM's system properties and the process environment. */
  public static Settings fromSystem() {
    Properties properties = System.getProperties();
    return new Settings(properties, System.getenv());
  }

  /**
   * The environment variable name of {@code key}: {@code otel.foo-bar.baz} is {@code
   * OTEL_FOO_BAR_BAZ}.
   */
  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The raw value, trimmed; null when unset or blank. */
  public String get(String key) {
    Object value = properties.get(key);
    String text = value == null ? environment.get(environmentName(key)) : value.toString();
    if (text != null) {
      text = text.trim();
    }
    String found = text == null || text.isEmpty() ? null : text;
    if (READ.add(key)) {
      // Never the value: a password is a setting too.
      AgentLog.debug("setting " + key + (found == null ? " (default)" : " (set)"));
    }
    return found;
  }

  public String getString(String key, String defaultValue) {
    String value = get(key);
    return value == null ? defaultValue : value;
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new InvalidSettingException(key, value, "true or false");
  }

  public int getInt(String key, int defaultValue, int min, int max) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, with the accepted range
    }
    throw new InvalidSettingException(key, value, "a whole number from " + min + " to " + max);
  }

  /** A finite number above {@code above}, such as {@code 2} or {@code 1.5}. */
  public double getDouble(String key, double defaultValue, double above) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (parsed > above && Double.isFinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, with what is accepted
    }
    throw new InvalidSettingException(key, value, "a number above " + above);
  }

  /**
   * A positive duration such as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}; a bare number
   * is milliseconds, as in the OpenTelemetry configuration.
   */
  public Duration getDuration(String key, Duration defaultValue) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    Duration parsed = Durations.parse(value);
    if (parsed == null || parsed.isZero() || parsed.isNegative()) {
      throw new InvalidSettingException(
          key, value, "a positive duration such as 500ms, 10s, 2m or 1h");
    }
    return parsed;
  }

  /** A comma-separated list, each item trimmed, blanks dropped; empty when unset. */
  public java.util.List<String> getList(String key) {
    String value = get(key);
    java.util.List<String> items = new java.util.ArrayList<>();
    if (value != null) {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          items.add(item.trim());
        }
      }
    }
    return java.util.List.copyOf(items);
  }

  /** One of {@code accepted} (case-insensitive), returned in lower case. */
  public String getChoice(String key, String defaultValue, String... accepted) {
    String value = get(key);
    if (value == null) {
      return defaultValue;
    }
    for (String choice : accepted) {
      if (choice.equalsIgnoreCase(value)) {
        return choice;
      }
    }
    throw new InvalidSettingException(key, value, "one of " + String.join(", ", accepted));
  }
}
