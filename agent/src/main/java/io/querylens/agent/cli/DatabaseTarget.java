package io.querylens.agent.cli;

import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The database a command reads, from {@code --url}, {@code --user} and {@code --password} (or
 * {@code PGUSER} and, better, {@code PGPASSWORD}), over the relocated PostgreSQL driver the jar
 * carries for the commands.
 */
final class DatabaseTarget {

  private final String command;
  private final String url;
  private final ServerKey server;
  private final Properties credentials;
  private final org.postgresql.Driver driver = new org.postgresql.Driver();

  private DatabaseTarget(String command, String url, ServerKey server, Properties credentials) {
    this.command = command;
    this.url = url;
    this.server = server;
    this.credentials = credentials;
  }

  /** {@code --name value} pairs; null (and one line on {@code err}) when they are not. */
  static Map<String, String> options(String[] args, String command, PrintStream err) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        err.println(
            "querylens " + command + ": expected --name value pairs, got '" + args[i] + "'");
        return null;
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return options;
  }

  /**
   * Every value of a repeatable option ({@code --standby URL --standby URL}), in order; {@link
   * #options} keeps only the last.
   */
  static List<String> repeated(String[] args, String name) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--" + name)) {
        values.add(args[++i]);
      }
    }
    return values;
  }

  /**
   * The same credentials at another URL (a standby of the target); null (and one line on {@code
   * err}) when the URL names no PostgreSQL server.
   */
  DatabaseTarget at(String otherUrl, String option, PrintStream err) {
    Optional<ServerKey> other =
        otherUrl.startsWith("jdbc:postgresql:")
            ? ServerKey.fromJdbcUrl(otherUrl)
            : Optional.empty();
    if (other.isEmpty()) {
      err.println(
          "querylens "
              + command
              + ": --"
              + option
              + " jdbc:postgresql://host:port/database expected, not '"
              + otherUrl
              + "'");
      return null;
    }
    return new DatabaseTarget(command, otherUrl, other.get(), credentials);
  }

  /** The target the options name; null (and one line on {@code err}) when they name none. */
  static DatabaseTarget of(Map<String, String> options, String command, PrintStream err) {
    String url = options.get("url");
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      err.println(
          "querylens " + command + ": --url jdbc:postgresql://host:port/database is required");
      return null;
    }
    Optional<ServerKey> server = ServerKey.fromJdbcUrl(url);
    if (server.isEmpty()) {
      err.println("querylens " + command + ": cannot read host and port from the URL");
      return null;
    }
    Properties credentials = new Properties();
    String user = options.getOrDefault("user", System.getenv("PGUSER"));
    String password = options.getOrDefault("password", System.getenv("PGPASSWORD"));
    if (user != null) {
      credentials.setProperty("user", user);
    }
    if (password != null) {
      credentials.setProperty("password", password);
    }
    return new DatabaseTarget(command, url, server.get(), credentials);
  }

  ServerKey server() {
    return server;
  }

  Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.putAll(credentials);
    Connection connection = driver.connect(url, properties);
    if (connection == null) {
      throw new SQLException("the PostgreSQL driver did not accept the URL");
    }
    return connection;
  }

  /** A sampler of the target whose warnings (a missing grant or extension) go to {@code err}. */
  Sampler sampler(SamplerSettings settings, PrintStream err) {
    return new Sampler(
        server, this::connect, settings, Clock.systemUTC(), new CommandLineLog(command, err));
  }
}
