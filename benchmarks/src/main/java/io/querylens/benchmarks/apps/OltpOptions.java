package io.querylens.benchmarks.apps;

import io.querylens.benchmarks.overhead.AgentConfiguration;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** {@link OltpBenchmark}'s command line, with the defaults of a full run. */
final class OltpOptions {
  int rounds = 3;
  int terminals = 4;

  /** The short-lived process's view: everything from JVM start to this second. */
  double whole = 30;

  /** Past the whole-run mark, so the steady window holds neither start-up nor the first sample. */
  double warmup = 40;

  double seconds = 60;

  List<AgentConfiguration> configs =
      List.of(
          AgentConfiguration.NONE,
          AgentConfiguration.QUERYLENS,
          AgentConfiguration.QUERYLENS_EXPORT_OFF,
          AgentConfiguration.OTEL);

  Path queryLensJar = Paths.get("agent", "target", "querylens-agent.jar");
  Path otelJar = Paths.get("benchmarks", "target", "peer", "opentelemetry-javaagent.jar");
  Path benchmarksJar = Paths.get("benchmarks", "target", "benchmarks.jar");

  /** Where each run writes a JFR recording (settings "profile"), or null for none. */
  Path profileDir;

  /** Extra flags for every measured JVM ({@code --jvm-flag} repeated), e.g. to print inlining. */
  List<String> jvmFlags = new ArrayList<>();

  static OltpOptions parse(String[] args) {
    OltpOptions options = new OltpOptions();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--rounds" -> options.rounds = Integer.parseInt(value);
        case "--terminals" -> options.terminals = Integer.parseInt(value);
        case "--whole" -> options.whole = Double.parseDouble(value);
        case "--warmup" -> options.warmup = Double.parseDouble(value);
        case "--seconds" -> options.seconds = Double.parseDouble(value);
        case "--configs" -> options.configs = SpringOptions.configs(value);
        case "--querylens-agent" -> options.queryLensJar = Paths.get(value);
        case "--otel-agent" -> options.otelJar = Paths.get(value);
        case "--benchmarks-jar" -> options.benchmarksJar = Paths.get(value);
        case "--profile" -> options.profileDir = Paths.get(value).toAbsolutePath();
        case "--jvm-flag" -> options.jvmFlags.add(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (options.warmup < options.whole) {
      throw new IllegalArgumentException("--warmup must be at least --whole");
    }
    return options;
  }
}
