package io.querylens.runtime.jdbc;

import io.querylens.core.jdbc.JdbcUrl;
import io.querylens.core.pg.ConnectionSource;
import io.querylens.core.pg.SamplerRegistry;
import io.querylens.core.pg.ServerKey;
import java.sql.Driver;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Zero-configuration sampling: every PostgreSQL server the application connects to gets a sampler,
 * which opens its own connection with the application's URL and connection properties, through the
 * agent's own pgjdbc where it can ({@link OwnDriver}) and the application's driver otherwise. They
 * are held in memory only, never logged or exported. A configured target (URL, user, password)
 * replaces what the application used, still through the application's driver; a configured user and
 * password alone sample the application's database as that role.
 */
public final class PostgresDiscovery {

  private final SamplerRegistry registry;
  private final OwnConnections own;
  private final String configuredUrl;
  private final Properties configuredProperties;
  private final Map<ServerKey, DriverSource> sources = new ConcurrentHashMap<>();
  private volatile OwnDriver ownDriver = OwnDriver.NONE;

  /**
   * @param configuredUrl the sampler's own target, or null to sample what the application uses
   * @param configuredProperties user and password for {@code configuredUrl}, or, without it, for
   *     the application's database
   */
  public PostgresDiscovery(
      SamplerRegistry registry,
      OwnConnections own,
      String configuredUrl,
      Properties configuredProperties) {
    this.registry = registry;
    this.own = own;
    this.configuredUrl = configuredUrl;
    this.configuredProperties = configuredProperties;
  }

  /**
   * From now on, servers' connections are opened with {@code driver} where it can stand in for the
   * application's; set before the application's first connection, as sources are made then.
   */
  public void connectWith(OwnDriver driver) {
    ownDriver = driver;
  }

  void connected(Object driver, String url, Object properties, Object connection) {
    if (connection == null
        || !(driver instanceof Driver)
        || url == null
        || !url.startsWith("jdbc:postgresql:")
        || own.contains(connection)) {
      return;
    }
    String targetUrl = configuredUrl != null ? configuredUrl : url;
    Properties target;
    if (configuredUrl != null) {
      target = copy(configuredProperties);
    } else {
      // The application's database with the configured role, when one is given (a monitoring
      // role instead of the application's own).
      target = properties instanceof Properties ? copy((Properties) properties) : new Properties();
      target.putAll(configuredProperties);
    }
    ServerKey.fromJdbcUrl(targetUrl)
        .ifPresent(
            server -> {
              DriverSource source = sourceOf(server);
              if (source != null) {
                source.offer((Driver) driver, targetUrl, target);
                registry.ensureSampling(server, source);
                registry.applicationSchemas().seen(server, currentSchema(url, properties));
              }
            });
  }

  /**
   * Opens connections to {@code server} as the sampler does (the application's driver, URL and
   * properties, or the configured ones), or null when the application has not connected to it.
   * Those connections are QueryLens's own: their statements are never traced.
   */
  public ConnectionSource sourceFor(ServerKey server) {
    DriverSource source = sources.get(server);
    return source == null || !source.available() ? null : source;
  }

  /** The one source of each server; null past the number of servers sampled at most. */
  private DriverSource sourceOf(ServerKey server) {
    DriverSource source = sources.get(server);
    if (source == null && sources.size() < SamplerRegistry.MAX_SERVERS) {
      source = sources.computeIfAbsent(server, s -> new DriverSource(own, ownDriver));
    }
    return source;
  }

  /**
   * The application connection's {@code currentSchema}: the URL's, else its properties' (pgjdbc
   * gives URL parameters precedence). The sampler's session may not have it (a configured URL).
   */
  private static String currentSchema(String url, Object properties) {
    String fromUrl = JdbcUrl.parse(url).currentSchema();
    if (fromUrl != null || !(properties instanceof Properties given)) {
      return fromUrl;
    }
    return given.getProperty("currentSchema");
  }

  private static Properties copy(Properties properties) {
    return DriverSource.copy(properties);
  }
}
