package io.querylens.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real PostgreSQL server of a chosen major version (13, 15, 17 or 18), started from the zonky
 * binaries that the build copied to {@code querylens.pg.binaries}. One class path can hold only one
 * version of the binaries artifact, so each version is read from its own copied jar instead.
 *
 * <p>The server keeps its data directory and port across {@link #restart()}, as a real restart
 * does.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  public static final int[] SUPPORTED_MAJORS = {13, 15, 17, 18};

  private final int major;
  private final Map<String, String> serverConfig;
  private final Path dataDirectory;
  private int port;
  private EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(int major, Map<String, String> serverConfig) throws IOException {
    this.major = major;
    this.serverConfig = serverConfig;
    this.dataDirectory = Files.createTempDirectory("querylens-pg" + major + "-");
    this.postgres = startServer(0, true);
    this.port = postgres.getPort();
  }

  /** Starts PostgreSQL {@code major} with pg_stat_statements preloaded. */
  public static EmbeddedPostgresServer start(int major) {
    return start(major, Map.of());
  }

  /**
   * Starts PostgreSQL {@code major} with pg_stat_statements preloaded, plus {@code extraConfig}
   * (which may override {@code shared_preload_libraries}).
   */
  public static EmbeddedPostgresServer start(int major, Map<String, String> extraConfig) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("shared_preload_libraries", "pg_stat_statements");
    config.put("pg_stat_statements.track", "all");
    config.put("track_io_timing", "on");
    config.put("max_connections", "100");
    config.putAll(extraConfig);
    try {
      return new EmbeddedPostgresServer(major, config);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start PostgreSQL " + major, e);
    }
  }

  public int major() {
    return major;
  }

  public int port() {
    return port;
  }

  /** A JDBC URL for {@code database} on this server (user {@code postgres}, no password). */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public String jdbcUrl() {
    return jdbcUrl("postgres");
  }

  public String user() {
    return "postgres";
  }

  public Connection connect() throws SQLException {
    return connect("postgres");
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), user(), "");
  }

  /** Stops the server and starts it again on the same port and data directory. */
  public void restart() {
    stop();
    try {
      postgres = startServer(port, false);
    } catch (IOException e) {
      throw new UncheckedIOException("could not restart PostgreSQL " + major, e);
    }
  }

  /** Stops the server, keeping its data; {@link #restart()} brings it back. */
  public void stop() {
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      postgres = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  private EmbeddedPostgres startServer(int fixedPort, boolean clean) throws IOException {
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setPgBinaryResolver((system, hardware) -> binaryArchive(major))
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(clean)
            .setPGStartupWait(java.time.Duration.ofSeconds(60));
    if (fixedPort != 0) {
      builder.setPort(fixedPort);
    }
    serverConfig.forEach(builder::setServerConfig);
    return builder.start();
  }

  private static InputStream binaryArchive(int major) throws IOException {
    String directory = System.getProperty("querylens.pg.binaries", "target/pg-binaries");
    Path jar = Path.of(directory, "postgres-" + major + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IOException(
          "no PostgreSQL " + major + " binaries at " + jar + " (the build copies them there)");
    }
    // Read fully and close the jar: zonky reads the stream once, while it extracts.
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry entry = zip.getEntry("postgres-linux-x86_64.txz");
      if (entry == null) {
        throw new IOException(jar + " holds no postgres-linux-x86_64.txz");
      }
      try (InputStream in = zip.getInputStream(entry)) {
        return new java.io.ByteArrayInputStream(in.readAllBytes());
      }
    }
  }
}
