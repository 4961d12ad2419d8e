package io.querylens.runtime;

import io.querylens.core.config.Settings;
import io.querylens.core.log.AgentLog;
import io.querylens.core.pg.SamplerSettings;
import java.util.Properties;

/** The PostgreSQL sampler's settings, under {@code otel.instrumentation.querylens.sampler.}. */
final class SamplerConfiguration {

  static final String PREFIX = Settings.PREFIX + "sampler.";

  final boolean enabled;
  final SamplerSettings settings;
  final String url;
  final Properties credentials;

  private SamplerConfiguration(
      boolean enabled, SamplerSettings settings, String url, Properties credentials) {
    this.enabled = enabled;
    this.settings = settings;
    this.url = url;
    this.credentials = credentials;
  }

  /** Each malformed value is told in one line naming its key, and its default is used. */
  static SamplerConfiguration read(Settings config) {
    LenientSettings lenient = new LenientSettings(config);
    SamplerSettings defaults = SamplerSettings.defaults();
    boolean enabled = lenient.getBoolean(PREFIX + "enabled", true);
    SamplerSettings settings =
        defaults
            .withInterval(lenient.getDuration(PREFIX + "interval", defaults.interval()))
            .withTimeouts(
                lenient.getDuration(PREFIX + "statement-timeout", defaults.statementTimeout()),
                lenient.getDuration(PREFIX + "lock-timeout", defaults.lockTimeout()))
            .withLimits(
                limit(lenient, "max-tables", defaults.maxTables()),
                limit(lenient, "max-indexes", defaults.maxIndexes()),
                limit(lenient, "top-statements", defaults.topStatements()))
            .withSchemas(
                config.getList(PREFIX + "include-schemas"),
                config.getList(PREFIX + "exclude-schemas"))
            .withTables(
                config.getList(PREFIX + "include-tables"),
                config.getList(PREFIX + "exclude-tables"));
    String url = config.get(PREFIX + "url");
    Properties credentials = new Properties();
    String user = config.get(PREFIX + "user");
    String password = config.get(PREFIX + "password");
    if (user != null) {
      credentials.setProperty("user", user);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
    if (url != null && !url.startsWith("jdbc:postgresql:")) {
      AgentLog.warn(
          "invalid value for "
              + PREFIX
              + "url: expected a jdbc:postgresql: URL; sampling what the application uses");
      url = null;
    }
    return new SamplerConfiguration(enabled, settings, url, credentials);
  }

  private static int limit(LenientSettings config, String name, int fallback) {
    return config.getInt(PREFIX + name, fallback, 0, 100_000);
  }
}
