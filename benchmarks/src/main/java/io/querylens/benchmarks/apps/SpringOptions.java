package io.querylens.benchmarks.apps;

import io.querylens.benchmarks.overhead.AgentConfiguration;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** {@link SpringBenchmark}'s command line, with the defaults of a full run. */
final class SpringOptions {
  int rounds = 3;
  int starts = 3;
  int clients = 4;
  // About two minutes at this machine's rate: 20-40 s after start, Spring and Hibernate are still
  // being compiled, and a load measured then gave twice the CPU per request (2026-12-03).
  int warmupRequests = 120_000;
  int requests = 60_000;

  List<AgentConfiguration> configs =
      List.of(
          AgentConfiguration.NONE,
          AgentConfiguration.QUERYLENS,
          AgentConfiguration.QUERYLENS_EXPORT_OFF,
          AgentConfiguration.OTEL);

  Path app = Paths.get("benchmarks", "spring-app", "target", "spring-app.jar");
  Path queryLensJar = Paths.get("agent", "target", "querylens-agent.jar");
  Path otelJar = Paths.get("benchmarks", "target", "peer", "opentelemetry-javaagent.jar");

  /** Where each start writes a JFR recording (settings "profile"), or null for none. */
  Path profileDir;

  static SpringOptions parse(String[] args) {
    SpringOptions options = new SpringOptions();
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--rounds" -> options.rounds = Integer.parseInt(value);
        case "--starts" -> options.starts = Integer.parseInt(value);
        case "--clients" -> options.clients = Integer.parseInt(value);
        case "--warmup-requests" -> options.warmupRequests = Integer.parseInt(value);
        case "--requests" -> options.requests = Integer.parseInt(value);
        case "--configs" -> options.configs = configs(value);
        case "--app" -> options.app = Paths.get(value);
        case "--querylens-agent" -> options.queryLensJar = Paths.get(value);
        case "--otel-agent" -> options.otelJar = Paths.get(value);
        case "--profile" -> options.profileDir = Paths.get(value).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    return options;
  }

  /** Every figure is relative to no agent in the same round: it always runs. */
  static List<AgentConfiguration> configs(String labels) {
    List<AgentConfiguration> configs = new ArrayList<>();
    configs.add(AgentConfiguration.NONE);
    for (String label : labels.split(",")) {
      AgentConfiguration configuration = AgentConfiguration.byLabel(label.trim());
      if (!configs.contains(configuration)) {
        configs.add(configuration);
      }
    }
    return configs;
  }
}
