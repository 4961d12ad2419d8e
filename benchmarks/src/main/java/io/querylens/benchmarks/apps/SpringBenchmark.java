package io.querylens.benchmarks.apps;

import io.querylens.benchmarks.overhead.AgentConfiguration;
import io.querylens.benchmarks.overhead.OtlpCounter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What an agent costs a Spring Boot + Spring Data JPA (Hibernate) + HikariCP service (issue 17):
 * {@code benchmarks/spring-app/target/spring-app.jar} run as users run it ({@code java -jar}),
 * started {@code --starts} times per configuration per round, configurations interleaved and
 * rotated each round. Each start gives Spring's "Started ... in", JVM start to ready and to the
 * first request served, and the process CPU spent by ready; the last start of each round then takes
 * a fixed HTTP load (JDK HttpClient, {@code --clients} at once): {@code --warmup-requests}, then
 * {@code --requests} measured by the application's process CPU.
 *
 * <pre>
 * mvn -B -q -DskipTests package -pl agent,benchmarks,benchmarks/spring-app -am
 * java -cp benchmarks/target/benchmarks.jar io.querylens.benchmarks.apps.SpringBenchmark
 *     [--rounds 3] [--starts 3] [--clients 4] [--warmup-requests 120000] [--requests 60000]
 *     [--configs none,querylens,querylens_export_off,otel]
 *     [--app benchmarks/spring-app/target/spring-app.jar] [--profile dir] (a JFR recording per start)
 * </pre>
 */
public final class SpringBenchmark {

  private static final long START_TIMEOUT_SECONDS = 180;

  private SpringBenchmark() {}

  public static void main(String[] args) throws Exception {
    SpringOptions options = SpringOptions.parse(args);
    Preflight.requireBuilt(
        "mvn -B -q -DskipTests package -pl agent,benchmarks,benchmarks/spring-app -am",
        options.app,
        options.queryLensJar,
        options.otelJar);
    Path logs = Paths.get("benchmarks", "target", "spring");
    Files.createDirectories(logs);
    try (EmbeddedPostgres postgres = Preflight.postgres();
        OtlpCounter receiver = new OtlpCounter()) {
      String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
      System.out.println(
          "PostgreSQL 18 (embedded) on "
              + url
              + ", "
              + Runtime.getRuntime().availableProcessors()
              + " CPUs, "
              + System.getProperty("java.vm.name")
              + " "
              + System.getProperty("java.version"));
      SpringReport report = new SpringReport(options);
      for (int round = 0; round < options.rounds; round++) {
        for (int i = 0; i < options.configs.size(); i++) {
          AgentConfiguration configuration =
              options.configs.get((i + round) % options.configs.size());
          for (int start = 0; start < options.starts; start++) {
            boolean load = start == options.starts - 1;
            Path log =
                logs.resolve("round" + round + "-" + configuration.label() + "-" + start + ".log");
            SpringResult result = startOnce(options, url, receiver, configuration, load, log);
            report.add(round, configuration, result);
            System.out.println(SpringReport.describe(round, start, configuration, result));
          }
        }
      }
      report.print(System.out);
    }
  }

  private static SpringResult startOnce(
      SpringOptions options,
      String url,
      OtlpCounter receiver,
      AgentConfiguration configuration,
      boolean load,
      Path log)
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    // A fixed heap for every configuration, so GC sizing does not differ with the agent.
    command.add("-Xms512m");
    command.add("-Xmx512m");
    command.addAll(
        configuration.jvmFlags(options.queryLensJar, options.otelJar, receiver.endpoint()));
    if (options.profileDir != null) {
      Files.createDirectories(options.profileDir);
      String name = log.getFileName().toString().replace(".log", ".jfr");
      command.add(
          "-XX:StartFlightRecording=settings=profile,filename=" + options.profileDir.resolve(name));
    }
    command.add("-jar");
    command.add(options.app.toString());
    command.add("--server.port=" + port);
    command.add("--spring.datasource.url=" + url);
    command.add("--spring.datasource.username=postgres");
    receiver.reset();
    try (SpringProcess app = SpringProcess.start(command, log)) {
      String started = app.await("Started ShopApplication in", START_TIMEOUT_SECONDS);
      String ready = app.await("READY ", START_TIMEOUT_SECONDS);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      get(http, base + "/customers/1");
      String first = app.await("FIRST_REQUEST ", START_TIMEOUT_SECONDS);
      double cpuPerRequest = Double.NaN;
      double requestsPerSecond = Double.NaN;
      if (load) {
        runLoad(http, base, options.clients, options.warmupRequests);
        long cpuBefore = Long.parseLong(get(http, base + "/bench/cpu"));
        long wallBefore = System.nanoTime();
        runLoad(http, base, options.clients, options.requests);
        long wallAfter = System.nanoTime();
        long cpuAfter = Long.parseLong(get(http, base + "/bench/cpu"));
        cpuPerRequest = (cpuAfter - cpuBefore) / 1e3 / options.requests;
        requestsPerSecond = options.requests / ((wallAfter - wallBefore) / 1e9);
      }
      return new SpringResult(
          SpringResult.startedIn(started),
          SpringResult.field(ready, "uptime_ms") / 1e3,
          SpringResult.field(first, "uptime_ms") / 1e3,
          SpringResult.field(ready, "process_cpu_ns") / 1e9,
          cpuPerRequest,
          requestsPerSecond);
    }
  }

  /**
   * {@code requests} requests from {@code clients} threads, each a fixed mix: half customer pages,
   * a fifth open orders with their lines, the rest country lists and new orders.
   */
  private static void runLoad(HttpClient http, String base, int clients, int requests)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int client = 0; client < clients; client++) {
        int offset = client;
        running.add(
            pool.submit(
                () -> {
                  for (int n = offset; n < requests; n += clients) {
                    long customer = 1 + (n * 37L) % 2000;
                    int kind = n % 20;
                    if (kind < 10) {
                      get(http, base + "/customers/" + customer);
                    } else if (kind < 14) {
                      get(http, base + "/customers/" + customer + "/open-orders");
                    } else if (kind < 17) {
                      get(http, base + "/countries/" + COUNTRIES[n % 4] + "/customers");
                    } else {
                      post(http, base + "/customers/" + customer + "/orders");
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> client : running) {
        client.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static final String[] COUNTRIES = {"DE", "FR", "US", "JP"};

  private static String get(HttpClient http, String uri) throws Exception {
    return send(http, HttpRequest.newBuilder(URI.create(uri)).GET().build());
  }

  private static String post(HttpClient http, String uri) throws Exception {
    return send(
        http,
        HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  private static String send(HttpClient http, HttpRequest request) throws Exception {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(request.uri() + ": HTTP " + response.statusCode());
    }
    return response.body();
  }
}
