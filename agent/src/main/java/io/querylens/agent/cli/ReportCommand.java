package io.querylens.agent.cli;

import io.querylens.core.config.InvalidSettingException;
import io.querylens.core.config.Settings;
import io.querylens.core.insight.Advice;
import io.querylens.core.insight.Advisor;
import io.querylens.core.insight.AdvisorInput;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.report.Report;
import io.querylens.runtime.ThresholdSettings;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code report --url jdbc:postgresql://... [--standby jdbc:postgresql://...]... [--user U]
 * [--format text|json] [--wait 5s] [--top 20]}: samples the database, waits, samples again, and
 * prints the advisor's report; an index a standby's reads use is kept. For DBAs without an
 * application; the password comes from {@code --password} or, better, {@code PGPASSWORD}.
 */
final class ReportCommand {

  private ReportCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options = DatabaseTarget.options(args, "report", err);
    if (options == null) {
      return 2;
    }
    DatabaseTarget target = DatabaseTarget.of(options, "report", err);
    if (target == null) {
      return 2;
    }
    List<DatabaseTarget> standbyTargets = new ArrayList<>();
    for (String url : DatabaseTarget.repeated(args, "standby")) {
      DatabaseTarget standby = target.at(url, "standby", err);
      if (standby == null) {
        return 2;
      }
      if (standby.server().equals(target.server())) {
        err.println(
            "querylens report: --standby "
                + standby.server()
                + " is the --url server itself, not a standby; left out");
        continue;
      }
      standbyTargets.add(standby);
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
    try (Sampler sampler = target.sampler(SamplerSettings.defaults(), err)) {
      if (sampler.sampleOnce().isEmpty()) {
        err.println("querylens report: could not sample " + target.server() + " (see above)");
        return 1;
      }
      Thread.sleep(wait.toMillis());
      Optional<Snapshot> snapshot = sampler.sampleOnce();
      if (snapshot.isEmpty()) {
        err.println("querylens report: the second sample of " + target.server() + " failed");
        return 1;
      }
      List<Snapshot> standbys = sampleStandbys(standbyTargets, err);
      Advice advice;
      try (Connection connection = target.connect()) {
        advice =
            Advisor.standard()
                .evaluateOnce(
                    connection,
                    snapshot.get(),
                    standbys,
                    ThresholdSettings.read(Settings.fromSystem()),
                    new CommandLineLog("report", err));
      } catch (SQLException e) {
        err.println(
            "querylens report: missing-index planning and bloat measuring skipped, the connection"
                + " failed: "
                + e.getSQLState());
        AdvisorInput input = AdvisorInput.of(snapshot.get()).withStandbys(standbys);
        advice = Advice.of(input, Advisor.forServer(snapshot.get()).evaluate(input));
      }
      Report report =
          new Report(
              target.server().toString(),
              snapshot.get().statements(),
              advice.findings(),
              advice.health());
      out.print(format.equals("json") ? report.toJson(top) : report.toText(top));
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  /**
   * One snapshot of each standby: its index scans since its own statistics reset, so an index only
   * the replicas' reads use is not advised away. A standby that cannot be sampled, or is not in
   * recovery, is told and left out.
   */
  private static List<Snapshot> sampleStandbys(List<DatabaseTarget> targets, PrintStream err) {
    List<Snapshot> standbys = new ArrayList<>();
    for (DatabaseTarget standby : targets) {
      try (Sampler sampler = standby.sampler(SamplerSettings.defaults(), err)) {
        Optional<Snapshot> snapshot = sampler.sampleOnce();
        if (snapshot.isEmpty()) {
          err.println(
              "querylens report: could not sample standby "
                  + standby.server()
                  + "; its index usage is not taken into account");
        } else if (!snapshot.get().server().standby()) {
          err.println(
              "querylens report: --standby "
                  + standby.server()
                  + " is not in recovery, so it is not a standby; left out");
        } else {
          standbys.add(snapshot.get());
        }
      }
    }
    return standbys;
  }
}
