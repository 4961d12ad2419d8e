package io.querylens.benchmarks.overhead;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What an agent costs the JVM it lives in, QueryLens side by side with the OpenTelemetry Java agent
 * (issue 5). Starts PostgreSQL 18 (embedded, or {@code --url}) and an OTLP receiver on 127.0.0.1,
 * then for every round, workload and thread count runs one {@link Workload} JVM per configuration,
 * configurations interleaved and their order rotated each round, and reports each configuration
 * relative to no agent in the same round, then the targets, met or not.
 *
 * <pre>
 * mvn -B -q -DskipTests package -pl agent,benchmarks -am
 * java -cp benchmarks/target/benchmarks.jar io.querylens.benchmarks.overhead.OverheadBenchmark
 *     [--rounds 3] [--seconds 5] [--warmup 15] [--threads 1,2]
 *     [--workloads pk_select,literal_select,batch_insert,orm_select]
 *         (also: rows_select, pk_select_traced, plain_select_traced)
 *     [--configs none,querylens,querylens_export_off,otel_export_off,otel]
 *         (also: querylens_every_span, querylens_collector_down, querylens_rows_off,
 *          querylens_trace_context, querylens_trace_comment, querylens_n_plus_one_off)
 *     [--url jdbc:postgresql://...] [--user postgres] [--password ...]
 *     [--querylens-agent agent/target/querylens-agent.jar]
 *     [--otel-agent benchmarks/target/peer/opentelemetry-javaagent.jar]
 *     [--profile dir] [--jfr-settings profile]   (a JFR recording per workload JVM)
 *     [--pin-one-thread true]   (1-thread runs: JVM and backend on one CPU, see CpuPinning)
 * </pre>
 */
public final class OverheadBenchmark {

  private OverheadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    for (Path jar : List.of(options.queryLensJar, options.otelJar, options.benchmarksJar)) {
      if (!Files.isRegularFile(jar)) {
        System.err.println(
            "missing "
                + jar
                + ": build with mvn -B -q -DskipTests package -pl agent,benchmarks -am");
        System.exit(2);
      }
    }
    Path logs = Paths.get("benchmarks", "target", "overhead");
    Files.createDirectories(logs);
    if (options.profileDir != null) {
      Files.createDirectories(options.profileDir);
    }
    EmbeddedPostgres postgres = null;
    String url = options.url;
    if (url == null) {
      postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
      url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }
    try (OtlpCounter receiver = new OtlpCounter()) {
      Schema.create(url, options.user, options.password);
      CpuPinning pinning =
          !options.pinOneThread
              ? CpuPinning.off("1-thread runs not pinned (--pin-one-thread false)")
              : postgres == null
                  ? CpuPinning.off("1-thread runs not pinned: PostgreSQL is not this run's (--url)")
                  : CpuPinning.forEmbeddedPostgres(url, options.user, options.password);
      System.out.println(
          "PostgreSQL "
              + (postgres == null ? url : "18 (embedded) on " + url)
              + ", OTLP receiver on "
              + receiver.endpoint()
              + ", ORM statement "
              + WorkloadKind.ORM_SQL.length()
              + " chars, "
              + Runtime.getRuntime().availableProcessors()
              + " CPUs, "
              + System.getProperty("java.vm.name")
              + " "
              + System.getProperty("java.version"));
      System.out.println(pinning.description());
      Report report = new Report(options, pinning);
      for (int round = 0; round < options.rounds; round++) {
        for (WorkloadKind workload : options.workloads) {
          for (int threads : options.threads) {
            for (int i = 0; i < options.configs.size(); i++) {
              // Rotated each round so no configuration always runs first (or after the same one).
              AgentConfiguration configuration =
                  options.configs.get((i + round) % options.configs.size());
              if (workload == WorkloadKind.BATCH_INSERT) {
                Schema.resetEvents(url, options.user, options.password);
              }
              pinning.placePostgresFor(threads);
              receiver.reset();
              String line =
                  runWorkload(
                      options,
                      url,
                      receiver,
                      pinning,
                      configuration,
                      workload,
                      threads,
                      round,
                      logs);
              RunResult result = RunResult.parse(line, receiver.snapshot());
              report.add(round, workload, threads, configuration, result);
              System.out.println(Report.describe(round, workload, threads, configuration, result));
            }
          }
        }
      }
      report.print(System.out);
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }

  private static String runWorkload(
      Options options,
      String url,
      OtlpCounter receiver,
      CpuPinning pinning,
      AgentConfiguration configuration,
      WorkloadKind workload,
      int threads,
      int round,
      Path logs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(pinning.commandPrefix(threads));
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    // A fixed heap for every configuration, so GC sizing does not differ with the agent.
    command.add("-Xms256m");
    command.add("-Xmx256m");
    command.addAll(pinning.jvmFlags(threads));
    command.addAll(
        configuration.jvmFlags(options.queryLensJar, options.otelJar, receiver.endpoint()));
    if (options.profileDir != null) {
      // JFR's "profile" settings: allocation samples and CPU samples, to say where the cost goes.
      command.add(
          "-XX:StartFlightRecording=settings="
              + options.jfrSettings
              + ",filename="
              + options.profileDir.resolve(
                  workload.label() + "-" + threads + "t-" + configuration.label() + ".jfr"));
    }
    command.add("-cp");
    command.add(options.benchmarksJar.toString());
    command.add(Workload.class.getName());
    command.add(withCredentials(url, options));
    command.add(workload.label());
    command.add(Integer.toString(threads));
    command.add(Double.toString(options.seconds));
    command.add(Double.toString(options.warmup));
    Path log =
        logs.resolve(
            "round"
                + round
                + "-"
                + workload.label()
                + "-"
                + threads
                + "t-"
                + configuration.label()
                + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new ArrayList<>();
    String result = null;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.add(line);
        if (line.startsWith("RESULT ")) {
          result = line;
        }
      }
    }
    long limit = (long) (options.seconds + options.warmup) + 180;
    if (!process.waitFor(limit, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    output.add(0, String.join(" ", command));
    Files.write(log, output, StandardCharsets.UTF_8);
    if (result == null || process.exitValue() != 0) {
      throw new IllegalStateException(
          "workload JVM failed (exit " + process.exitValue() + "), output in " + log);
    }
    return result;
  }

  /** The workload JVM takes one URL: the credentials go into it unless it names a user already. */
  private static String withCredentials(String url, Options options) {
    if (url.contains("user=")) {
      return url;
    }
    String credentials =
        "user="
            + options.user
            + (options.password.isEmpty() ? "" : "&password=" + options.password);
    return url + (url.contains("?") ? "&" : "?") + credentials;
  }

  /** The command line, with the defaults of a full run. */
  static final class Options {
    int rounds = 3;
    double seconds = 5;

    /**
     * Long enough for the window to measure a long-running application's steady state. With 3 s,
     * the window of a changing statement still held C2 compiling the fingerprinter (about 8 us of
     * JIT CPU per statement, paid once). With 8 to 10 s it held QueryLens's first PostgreSQL
     * sample, 10 s after the first connection: its statements run through the application's own
     * driver, so C2 throws away and recompiles the driver's hot methods once for the new receiver
     * types (JFR: about 0.75 s of compilation inside a 5 s window, +1.5 us per pk_select
     * statement). Later samples come once a minute and change no profile; past 15 s the window
     * holds neither.
     */
    double warmup = 15;

    List<Integer> threads = List.of(1, 2);

    /** Issue 5's four; {@code rows_select} (issue 18's row counting) only when named. */
    List<WorkloadKind> workloads =
        List.of(
            WorkloadKind.PK_SELECT,
            WorkloadKind.LITERAL_SELECT,
            WorkloadKind.BATCH_INSERT,
            WorkloadKind.ORM_SELECT);

    /** Issue 5's five and every-span QueryLens; the collector-down fault only when named. */
    List<AgentConfiguration> configs =
        List.of(
            AgentConfiguration.NONE,
            AgentConfiguration.QUERYLENS,
            AgentConfiguration.QUERYLENS_EXPORT_OFF,
            AgentConfiguration.QUERYLENS_EVERY_SPAN,
            AgentConfiguration.OTEL_EXPORT_OFF,
            AgentConfiguration.OTEL);

    String url;
    String user = "postgres";
    String password = "";
    Path queryLensJar = Paths.get("agent", "target", "querylens-agent.jar");
    Path otelJar = Paths.get("benchmarks", "target", "peer", "opentelemetry-javaagent.jar");
    Path benchmarksJar = Paths.get("benchmarks", "target", "benchmarks.jar");
    Path profileDir;
    String jfrSettings = "profile";

    /** See {@link CpuPinning}: on unless told otherwise. */
    boolean pinOneThread = true;

    static Options parse(String[] args) {
      Options options = new Options();
      for (int i = 0; i < args.length; i += 2) {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        String value = args[i + 1];
        switch (args[i]) {
          case "--rounds":
            options.rounds = Integer.parseInt(value);
            break;
          case "--seconds":
            options.seconds = Double.parseDouble(value);
            break;
          case "--warmup":
            options.warmup = Double.parseDouble(value);
            break;
          case "--threads":
            List<Integer> threads = new ArrayList<>();
            for (String count : value.split(",")) {
              threads.add(Integer.parseInt(count.trim()));
            }
            options.threads = threads;
            break;
          case "--workloads":
            List<WorkloadKind> workloads = new ArrayList<>();
            for (String label : value.split(",")) {
              workloads.add(WorkloadKind.byLabel(label.trim()));
            }
            options.workloads = workloads;
            break;
          case "--configs":
            List<AgentConfiguration> configs = new ArrayList<>();
            // Every figure is relative to no agent in the same round: it always runs.
            configs.add(AgentConfiguration.NONE);
            for (String label : value.split(",")) {
              AgentConfiguration configuration = AgentConfiguration.byLabel(label.trim());
              if (!configs.contains(configuration)) {
                configs.add(configuration);
              }
            }
            options.configs = configs;
            break;
          case "--url":
            options.url = value;
            break;
          case "--user":
            options.user = value;
            break;
          case "--password":
            options.password = value;
            break;
          case "--querylens-agent":
            options.queryLensJar = Paths.get(value);
            break;
          case "--otel-agent":
            options.otelJar = Paths.get(value);
            break;
          case "--profile":
            options.profileDir = Paths.get(value).toAbsolutePath();
            break;
          case "--jfr-settings":
            options.jfrSettings = value;
            break;
          case "--pin-one-thread":
            if (!value.equals("true") && !value.equals("false")) {
              throw new IllegalArgumentException("--pin-one-thread takes true or false");
            }
            options.pinOneThread = Boolean.parseBoolean(value);
            break;
          case "--benchmarks-jar":
            options.benchmarksJar = Paths.get(value);
            break;
          default:
            throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return options;
    }
  }
}
