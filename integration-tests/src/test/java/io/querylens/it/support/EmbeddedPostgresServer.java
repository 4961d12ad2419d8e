package io.querylens.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real PostgreSQL server of a chosen major version (13, 15, 17 or 18), started from the zonky
 * binaries that the build copied to {@code querylens.pg.binaries}. One class path can hold only one
 * version of the binaries artifact, so each version is read from its own copied jar instead.
 *
 * <p>The server keeps its data directory and port across {@link #restart()}, as a real restart
 * does. {@link #startStandby} makes a streaming standby of it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  public static final int[] SUPPORTED_MAJORS = {13, 15, 17, 18};

  private final int major;
  private final Map<String, String> serverConfig;
  private final Path dataDirectory;
  private int port;
  private EmbeddedPostgres postgres;

  /** Starts on {@code dataDirectory}: initdb runs when it holds no cluster yet. */
  private EmbeddedPostgresServer(int major, Map<String, String> serverConfig, Path dataDirectory)
      throws IOException {
    this.major = major;
    this.serverConfig = serverConfig;
    this.dataDirectory = dataDirectory;
    this.postgres = startServer(0);
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
      return new EmbeddedPostgresServer(
          major, config, Files.createTempDirectory("querylens-pg" + major + "-"));
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
      postgres = startServer(port);
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

  /**
   * Starts a hot standby that streams from this server, as {@code application_name}. The standby
   * begins as a copy of this server's data directory taken while it is stopped (the zonky binaries
   * have no {@code pg_basebackup}), so this server restarts once, on the same port. The standby
   * reports its replay position every second, so lag shows up promptly on this server. Close the
   * standby before this server.
   */
  public EmbeddedPostgresServer startStandby(String applicationName) {
    try {
      Path copy = Files.createTempDirectory("querylens-pg" + major + "-standby-");
      stop(); // a clean shutdown: the copy starts from its final checkpoint, consistent at once
      try {
        copyCluster(dataDirectory, copy);
      } finally {
        restart();
      }
      Files.writeString(copy.resolve("standby.signal"), "");
      // In postgresql.auto.conf, not on the command line: zonky splits -c values at spaces.
      Files.writeString(
          copy.resolve("postgresql.auto.conf"),
          "primary_conninfo = 'host=127.0.0.1 port="
              + port
              + " user=postgres application_name="
              + applicationName
              + "'\n",
          StandardOpenOption.APPEND);
      Map<String, String> standbyConfig = new LinkedHashMap<>(serverConfig);
      standbyConfig.put("wal_receiver_status_interval", "1s");
      return new EmbeddedPostgresServer(major, standbyConfig, copy);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a standby of PostgreSQL " + major, e);
    }
  }

  @Override
  public void close() {
    stop();
    deleteTree(dataDirectory);
  }

  /** Copies a stopped cluster, leaving out what belongs to the running instance. */
  private static void copyCluster(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path relative = from.relativize(source);
        String name = relative.toString();
        if (name.equals("postmaster.pid")
            || name.equals("postmaster.opts")
            || name.equals("epg-lock")) {
          continue;
        }
        Path target = to.resolve(relative);
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> deepestFirst = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path path : deepestFirst) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + root, e);
    }
  }

  private EmbeddedPostgres startServer(int fixedPort) throws IOException {
    // Never let zonky clean the directory: it would delete it on close, and restart() keeps it.
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder()
            .setPgBinaryResolver((system, hardware) -> binaryArchive(major))
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
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
