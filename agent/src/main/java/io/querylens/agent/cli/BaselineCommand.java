package io.querylens.agent.cli;

import io.querylens.core.baseline.Baseline;
import io.querylens.core.baseline.BaselineComparison;
import io.querylens.core.baseline.BaselineFile;
import io.querylens.core.baseline.InvalidBaselineException;
import io.querylens.core.config.InvalidSettingException;
import io.querylens.core.config.Settings;
import io.querylens.core.insight.RegressionSettings;
import io.querylens.core.pg.Sampler;
import io.querylens.core.pg.SamplerSettings;
import io.querylens.core.pg.Snapshot;
import io.querylens.core.pg.StatsFamily;
import io.querylens.core.report.BaselineReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * {@code baseline save|compare --url jdbc:postgresql://... [--file F]}: saves each statement
 * shape's figures from {@code pg_stat_statements}, and later holds the workload against them.
 * {@code compare} exits 3 when it finds a regression, so a deployment pipeline can stop on it.
 */
final class BaselineCommand {

  static final String DEFAULT_FILE = "querylens-baseline.json";
  static final int REGRESSED = 3;

  private BaselineCommand() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || (!args[0].equals("save") && !args[0].equals("compare"))) {
      err.println("querylens baseline: save or compare, then --url jdbc:postgresql://...");
      return 2;
    }
    boolean save = args[0].equals("save");
    String command = "baseline " + args[0];
    String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    Map<String, String> options = DatabaseTarget.options(rest, command, err);
    if (options == null) {
      return 2;
    }
    DatabaseTarget target = DatabaseTarget.of(options, command, err);
    if (target == null) {
      return 2;
    }
    Path file = Path.of(options.getOrDefault("file", DEFAULT_FILE));
    String format = options.getOrDefault("format", "text");
    if (!format.equals("text") && !format.equals("json")) {
      err.println("querylens " + command + ": --format is text or json, not '" + format + "'");
      return 2;
    }
    int statements;
    RegressionSettings thresholds;
    try {
      Settings settings = new Settings(options, Map.of());
      statements = settings.getInt("statements", 500, 1, 100_000);
      thresholds =
          new RegressionSettings(
              settings.getDouble("factor", RegressionSettings.DEFAULT_FACTOR, 1.0),
              options.containsKey("min-increase")
                  ? settings.getDuration("min-increase", null)
                  : RegressionSettings.DEFAULT_MIN_INCREASE,
              settings.getInt("min-calls", (int) RegressionSettings.DEFAULT_MIN_CALLS, 1, 1 << 30));
    } catch (InvalidSettingException e) {
      err.println("querylens " + command + ": " + e.getMessage().replace("for ", "for --"));
      return 2;
    }
    Baseline baseline = null;
    if (!save) {
      try {
        baseline = BaselineFile.read(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        err.println("querylens " + command + ": cannot read " + file + ": " + e);
        return 2;
      } catch (InvalidBaselineException e) {
        err.println(
            "querylens " + command + ": " + file + " is not a usable baseline: " + e.getMessage());
        return 2;
      }
    }
    Optional<Snapshot> snapshot = sample(target, statements, command, err);
    if (snapshot.isEmpty()) {
      return 1;
    }
    if (save) {
      return save(Baseline.of(snapshot.get()), file, command, out, err);
    }
    BaselineComparison comparison = BaselineComparison.of(baseline, snapshot.get(), thresholds);
    BaselineReport report =
        new BaselineReport(target.server().toString(), baseline, comparison, thresholds);
    out.print(format.equals("json") ? report.toJson() : report.toText());
    return comparison.regressions().isEmpty() ? 0 : REGRESSED;
  }

  /** One sample, with pg_stat_statements read: without it there is nothing to save or compare. */
  private static Optional<Snapshot> sample(
      DatabaseTarget target, int statements, String command, PrintStream err) {
    SamplerSettings settings =
        SamplerSettings.defaults()
            .withLimits(
                SamplerSettings.DEFAULT_MAX_TABLES,
                SamplerSettings.DEFAULT_MAX_INDEXES,
                statements);
    try (Sampler sampler = target.sampler(settings, err)) {
      Optional<Snapshot> snapshot = sampler.sampleOnce();
      if (snapshot.isEmpty()) {
        err.println(
            "querylens " + command + ": could not sample " + target.server() + " (see above)");
      } else if (snapshot.get().skipped().contains(StatsFamily.STATEMENTS)) {
        err.println(
            "querylens "
                + command
                + ": pg_stat_statements could not be read (see above); a baseline needs it:"
                + " shared_preload_libraries = 'pg_stat_statements', CREATE EXTENSION"
                + " pg_stat_statements");
        return Optional.empty();
      }
      return snapshot;
    }
  }

  /** Written next to the file and moved over it, so a failed write never spoils a baseline. */
  private static int save(
      Baseline baseline, Path file, String command, PrintStream out, PrintStream err) {
    Path absolute = file.toAbsolutePath();
    Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
    try {
      Files.writeString(partial, BaselineFile.write(baseline), StandardCharsets.UTF_8);
      try {
        Files.move(
            partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      err.println("querylens " + command + ": cannot write " + file + ": " + e);
      return 1;
    }
    out.println(
        "Saved "
            + baseline.statements().size()
            + " statement shapes of "
            + baseline.server()
            + "/"
            + baseline.database()
            + " to "
            + file);
    return 0;
  }
}
