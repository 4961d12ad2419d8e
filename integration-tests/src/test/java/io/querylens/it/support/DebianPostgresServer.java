package io.querylens.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server from Debian's packages ({@code postgresql-NN}), for what the embedded zonky
 * binaries lack: extensions such as HypoPG ({@code postgresql-NN-hypopg}), which {@code .ci/run}
 * installs. A throwaway cluster on a temporary directory and a free port, never the packaged
 * cluster's: initdb and pg_ctl run directly, as the {@code postgres} user when the build runs as
 * root (PostgreSQL refuses to run as root).
 *
 * <p>Absent binaries skip the test with the reason, except under CI ({@code CI=true}), where they
 * fail it: there {@code .ci/run} should have installed them.
 */
public final class DebianPostgresServer implements AutoCloseable {

  private static final long START_TIMEOUT_SECONDS = 60;

  private final Path bin;
  private final Path directory;
  private final int port;
  private final boolean asPostgresUser;

  private DebianPostgresServer(Path bin, Path directory, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.directory = directory;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * Starts Debian's PostgreSQL {@code major} with pg_stat_statements preloaded, after checking that
   * {@code extension} (e.g. {@code hypopg}) is installed for it.
   */
  public static DebianPostgresServer start(int major, String extension) {
    Path bin = Paths.get("/usr/lib/postgresql/" + major + "/bin");
    Path control =
        Paths.get("/usr/share/postgresql/" + major + "/extension/" + extension + ".control");
    requireInstalled(
        Files.isExecutable(bin.resolve("postgres")) && Files.isExecutable(bin.resolve("initdb")),
        "Debian's PostgreSQL " + major + " (package postgresql-" + major + ") is not installed");
    requireInstalled(
        Files.isRegularFile(control),
        "the "
            + extension
            + " extension for PostgreSQL "
            + major
            + " (package postgresql-"
            + major
            + "-"
            + extension
            + ") is not installed");
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path directory = Files.createTempDirectory("querylens-debian-pg" + major + "-");
      DebianPostgresServer server = new DebianPostgresServer(bin, directory, freePort(), root);
      server.initAndStart();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start Debian's PostgreSQL " + major, e);
    }
  }

  private static void requireInstalled(boolean installed, String missing) {
    if (installed) {
      return;
    }
    String ci = System.getenv("CI");
    if ("true".equalsIgnoreCase(ci)) {
      Assertions.fail(missing + ", although CI=true: .ci/run installs it");
    }
    Assumptions.abort(missing + " (.ci/run installs it; CI fails without it)");
  }

  private void initAndStart() throws IOException {
    if (asPostgresUser) {
      run("chown", "postgres", directory.toString());
    }
    Path data = directory.resolve("data");
    asServerUser(
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        "postgres",
        "-A",
        "trust",
        "--no-sync");
    asServerUser(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        directory.resolve("server.log").toString(),
        "-w",
        "-t",
        Long.toString(START_TIMEOUT_SECONDS),
        "-o",
        "-p "
            + port
            + " -k "
            + directory
            + " -c listen_addresses=127.0.0.1 -c shared_preload_libraries=pg_stat_statements"
            + " -c pg_stat_statements.track=all -c fsync=off",
        "start");
  }

  public int port() {
    return port;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), "postgres", "");
  }

  @Override
  public void close() {
    try {
      asServerUser(
          bin.resolve("pg_ctl").toString(),
          "-D",
          directory.resolve("data").toString(),
          "-m",
          "fast",
          "-w",
          "stop");
    } catch (IOException | RuntimeException e) {
      // Deleting the directory below still frees the disk; the log says why it did not stop.
      System.err.println("could not stop Debian's PostgreSQL on port " + port + ": " + e);
    }
    deleteTree(directory);
  }

  private void asServerUser(String... command) throws IOException {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  private void run(String... command) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // runuser keeps the working directory, which user postgres may not be allowed to read.
    builder.directory(directory.toFile());
    Process process = builder.start();
    try {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(String.join(" ", command) + " failed:\n" + output + serverLog());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", command), e);
    }
  }

  private String serverLog() {
    try {
      Path log = directory.resolve("server.log");
      return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
