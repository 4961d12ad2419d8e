package io.querylens.benchmarks.apps;

import io.querylens.benchmarks.overhead.AgentConfiguration;
import io.querylens.benchmarks.overhead.OtlpCounter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What an agent costs a real order-entry application (issue 17): {@link OrderEntryApplication} on a
 * HikariCP pool against PostgreSQL 18 on the same machine, run once per configuration per round,
 * configurations interleaved and rotated each round, the data loaded anew before every run. Each
 * run gives the whole first {@code --whole} seconds from JVM start and a steady-state window; the
 * report gives each configuration relative to no agent in the same round (medians over rounds),
 * then the targets, met or not.
 *
 * <pre>
 * mvn -B -q -DskipTests package -pl agent,benchmarks -am
 * java -cp benchmarks/target/benchmarks.jar io.querylens.benchmarks.apps.OltpBenchmark
 *     [--rounds 3] [--terminals 4] [--whole 30] [--warmup 40] [--seconds 60]
 *     [--configs none,querylens,querylens_export_off,otel]
 *     [--querylens-agent agent/target/querylens-agent.jar]
 *     [--otel-agent benchmarks/target/peer/opentelemetry-javaagent.jar]
 *     [--profile dir] (a JFR recording per run) [--jvm-flag -XX:...]... (for every measured JVM)
 * </pre>
 */
public final class OltpBenchmark {

  private OltpBenchmark() {}

  public static void main(String[] args) throws Exception {
    OltpOptions options = OltpOptions.parse(args);
    Preflight.requireBuilt(
        "mvn -B -q -DskipTests package -pl agent,benchmarks -am",
        options.queryLensJar,
        options.otelJar,
        options.benchmarksJar);
    Path logs = Paths.get("benchmarks", "target", "oltp");
    Files.createDirectories(logs);
    try (EmbeddedPostgres postgres = Preflight.postgres();
        OtlpCounter receiver = new OtlpCounter()) {
      String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?user=postgres";
      System.out.println(
          "PostgreSQL 18 (embedded) on "
              + url
              + ", "
              + options.terminals
              + " terminals, "
              + Runtime.getRuntime().availableProcessors()
              + " CPUs, "
              + System.getProperty("java.vm.name")
              + " "
              + System.getProperty("java.version"));
      OltpReport report = new OltpReport(options);
      for (int round = 0; round < options.rounds; round++) {
        for (int i = 0; i < options.configs.size(); i++) {
          AgentConfiguration configuration =
              options.configs.get((i + round) % options.configs.size());
          OrderEntrySchema.load(url);
          receiver.reset();
          OltpResult result = run(options, url, receiver, configuration, round, logs);
          report.add(round, configuration, result);
          System.out.println(OltpReport.describe(round, configuration, result));
        }
      }
      report.print(System.out);
    }
  }

  private static OltpResult run(
      OltpOptions options,
      String url,
      OtlpCounter receiver,
      AgentConfiguration configuration,
      int round,
      Path logs)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    // A fixed heap for every configuration, so GC sizing does not differ with the agent.
    command.add("-Xms512m");
    command.add("-Xmx512m");
    command.addAll(
        configuration.jvmFlags(options.queryLensJar, options.otelJar, receiver.endpoint()));
    Path log = logs.resolve("round" + round + "-" + configuration.label() + ".log");
    if (options.profileDir != null) {
      Files.createDirectories(options.profileDir);
      String name = log.getFileName().toString().replace(".log", ".jfr");
      command.add(
          "-XX:StartFlightRecording=settings=profile,filename=" + options.profileDir.resolve(name));
    }
    command.addAll(options.jvmFlags);
    command.add("-cp");
    command.add(options.benchmarksJar.toString());
    command.add(OrderEntryApplication.class.getName());
    command.add(url);
    command.add(Integer.toString(options.terminals));
    command.add(Double.toString(options.whole));
    command.add(Double.toString(options.warmup));
    command.add(Double.toString(options.seconds));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    String whole = null;
    String steady = null;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.add(line);
        if (line.startsWith("WHOLE ")) {
          whole = line;
        } else if (line.startsWith("STEADY ")) {
          steady = line;
        }
      }
    }
    if (!process.waitFor((long) (options.warmup + options.seconds) + 180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    output.add(0, String.join(" ", command));
    Files.write(log, output, StandardCharsets.UTF_8);
    if (whole == null || steady == null || process.exitValue() != 0) {
      throw new IllegalStateException(
          "order-entry JVM failed (exit " + process.exitValue() + "), output in " + log);
    }
    return OltpResult.parse(whole, steady, receiver.snapshot());
  }
}
