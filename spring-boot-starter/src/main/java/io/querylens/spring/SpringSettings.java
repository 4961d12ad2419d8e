package io.querylens.spring;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * QueryLens's settings from Spring's Environment: {@code querylens.x} is {@code
 * otel.instrumentation.querylens.x}, and the standard {@code otel.*} keep their names, so they can
 * live in {@code application.properties} with the rest of the application's configuration.
 */
final class SpringSettings {

  static final String SPRING_PREFIX = "querylens.";
  static final String QUERYLENS_PREFIX = "otel.instrumentation.querylens.";

  private SpringSettings() {}

  static Map<String, String> from(ConfigurableEnvironment environment) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (PropertySource<?> source : environment.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource)) {
        continue;
      }
      for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
        String key = keyOf(name);
        if (key != null && !settings.containsKey(key)) {
          String value = environment.getProperty(name);
          if (value != null) {
            settings.put(key, value);
          }
        }
      }
    }
    return settings;
  }

  /** The QueryLens key of a Spring property, or null when it is none of ours. */
  static String keyOf(String springName) {
    if (springName.startsWith(SPRING_PREFIX)) {
      return QUERYLENS_PREFIX + springName.substring(SPRING_PREFIX.length());
    }
    if (springName.startsWith("otel.")) {
      return springName;
    }
    return null;
  }
}
