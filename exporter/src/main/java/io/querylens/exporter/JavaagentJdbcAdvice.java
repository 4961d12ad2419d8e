package io.querylens.exporter;

import io.querylens.core.config.Settings;

/**
 * Beside the OpenTelemetry Java agent, each statement should be one span: QueryLens's, which
 * carries the fingerprint and joins the agent's request traces. The agent's own JDBC
 * instrumentation, on by default, adds a second span per statement and traces QueryLens's sampler
 * session too; its one switch is {@code otel.instrumentation.jdbc.enabled} (the module name in
 * 2.x). Told once, when the first statement finds that agent, if its settings leave that
 * instrumentation on.
 */
final class JavaagentJdbcAdvice {

  static final String JDBC_ENABLED = "otel.instrumentation.jdbc.enabled";
  static final String DEFAULT_ENABLED = "otel.instrumentation.common.default-enabled";

  private JavaagentJdbcAdvice() {}

  /** The line to tell, or null when the agent's JDBC instrumentation is off. */
  static String adviceFor(Settings settings) {
    String jdbc = settings.get(JDBC_ENABLED);
    String byDefault = settings.get(DEFAULT_ENABLED);
    boolean on = jdbc != null ? !isFalse(jdbc) : byDefault == null || !isFalse(byDefault);
    if (!on) {
      return null;
    }
    return "the OpenTelemetry Java agent traces JDBC too: each statement becomes two spans and its"
        + " spans include QueryLens's own sampler session. Set -D"
        + JDBC_ENABLED
        + "=false (or OTEL_INSTRUMENTATION_JDBC_ENABLED=false): QueryLens's spans are children of"
        + " that agent's request spans";
  }

  private static boolean isFalse(String value) {
    return value.trim().equalsIgnoreCase("false");
  }
}
