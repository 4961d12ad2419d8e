package io.querylens.agent.cli;

import io.querylens.core.config.InvalidSettingException;
import io.querylens.core.config.Settings;
import io.querylens.core.insight.Advisor;
import io.querylens.core.insight.AdvisorInput;
import io.querylens.core.insight.Finding;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerLog;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.ServerKey;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.report.Report;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code report --url jdbc:postgresql://... [--user U] [--format text|json] [--wait 5s] [--top
 * 20]}: samples the database, waits, samples again, and prints the advisor's report. For DBAs
 * without an application; the password comes from {@code --password} or, better, {@code
 * PGPASSWORD}.
 */
final class ReportCommand {

  private ReportCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        err.println("querylens report: expected --name value pairs, got '" + args[i] + "'");
        return 2;
      }
      options.put(args[i].substring(2), args[++i]);
    }
    String url = options.get("url");
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      err.println("querylens report: --url jdbc:postgresql://host:port/database is required");
      return 2;
    }
    String format = options.getOrDefault("format", "text");
    if (!format.equals("text") && !format.equals("json")) {
      err.println("querylens report: --format is text or json, not '" + format + "'");
      return 2;
    }
    Duration wait;
    int top;
    try {
      Settings settings = new Settings(options, Map.of());
      wait =
          options.containsKey("wait") ? settings.getDuration("wait", null) : Duration.ofSeconds(5);
      top = settings.getInt("top", 20, 1, 1000);
    } catch (InvalidSettingException e) {
      err.println("querylens report: " + e.getMessage().replace("for ", "for --"));
      return 2;
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
    Optional<ServerKey> server = ServerKey.fromJdbcUrl(url);
    if (server.isEmpty()) {
      err.println("querylens report: cannot read host and port from the URL");
      return 2;
    }
    org.postgresql.Driver driver = new org.postgresql.Driver();
    try (Sampler sampler =
        new Sampler(
            server.get(),
            () -> connect(driver, url, credentials),
            SamplerSettings.defaults(),
            Clock.systemUTC(),
            new CommandLineLog(err))) {
      if (sampler.sampleOnce().isEmpty()) {
        err.println("querylens report: could not sample " + server.get() + " (see above)");
        return 1;
      }
      Thread.sleep(wait.toMillis());
      Optional<Snapshot> snapshot = sampler.sampleOnce();
      if (snapshot.isEmpty()) {
        err.println("querylens report: the second sample of " + server.get() + " failed");
        return 1;
      }
      List<Finding> findings;
      try (Connection connection = connect(driver, url, credentials)) {
        findings = Advisor.standard().evaluateOnce(connection, snapshot.get());
      } catch (SQLException e) {
        err.println(
            "querylens report: missing-index planning skipped, the connection failed: "
                + e.getSQLState());
        findings = Advisor.standard().evaluate(AdvisorInput.of(snapshot.get()));
      }
      Report report = new Report(server.get().toString(), snapshot.get().statements(), findings);
      out.print(format.equals("json") ? report.toJson(top) : report.toText(top));
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private static Connection connect(
      org.postgresql.Driver driver, String url, Properties credentials) throws SQLException {
    Properties properties = new Properties();
    properties.putAll(credentials);
    Connection connection = driver.connect(url, properties);
    if (connection == null) {
      throw new SQLException("the PostgreSQL driver did not accept the URL");
    }
    return connection;
  }

  /** The sampler's warnings (a missing grant or extension) go to standard error, one line each. */
  private static final class CommandLineLog implements SamplerLog {
    private final PrintStream err;

    CommandLineLog(PrintStream err) {
      this.err = err;
    }

    @Override
    public void warning(String message) {
      err.println("querylens report: " + message);
    }

    @Override
    public void info(String message) {}

    @Override
    public void debug(String message) {}
  }
}
