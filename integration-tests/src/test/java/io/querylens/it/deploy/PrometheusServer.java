package io.querylens.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's package: {@code /usr/bin/prometheus}) that scrapes one target every
 * second and evaluates the deploy stack's alert rules every second, so the dashboards' and alerts'
 * PromQL is evaluated by Prometheus itself, not by a parser of ours.
 */
final class PrometheusServer implements AutoCloseable {

  static final Path BINARY =
      Path.of(System.getProperty("querylens.prometheus.binary", "/usr/bin/prometheus"));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_PATIENCE = Duration.ofSeconds(60);

  private final Process process;
  private final Path directory;
  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, Path directory, int port) {
    this.process = process;
    this.directory = directory;
    this.base = "http://127.0.0.1:" + port;
  }

  /** Whether this machine has the binary; CI installs it (.ci/run). */
  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /**
   * Starts Prometheus scraping {@code target} ({@code host:port}, path {@code /metrics}) as job
   * {@code job}, with {@code rules} loaded.
   */
  static PrometheusServer start(String job, String target, Path rules) throws Exception {
    Path directory = Files.createTempDirectory("querylens-prometheus-");
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - " + rules.toAbsolutePath(),
            "scrape_configs:",
            "  - job_name: " + job,
            "    static_configs:",
            "      - targets: ['" + target + "']",
            ""));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("prometheus.log").toFile())
            .start();
    PrometheusServer server = new PrometheusServer(process, directory, port);
    server.awaitReady();
    return server;
  }

  /** The result of an instant query: one element per series. */
  List<Sample> query(String expr) throws Exception {
    JsonNode data = get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    List<Sample> samples = new ArrayList<>();
    for (JsonNode series : data.path("result")) {
      samples.add(new Sample(series.path("metric"), series.path("value").path(1).asText()));
    }
    return samples;
  }

  /** Every rule of every loaded group, as {@code /api/v1/rules} shows it. */
  List<JsonNode> rules() throws Exception {
    List<JsonNode> rules = new ArrayList<>();
    for (JsonNode group : get("/api/v1/rules").path("groups")) {
      group.path("rules").forEach(rules::add);
    }
    return rules;
  }

  /** What Prometheus printed, for a failure's message. */
  String log() {
    try {
      return Files.readString(directory.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** One series of a query's result; {@code value} as Prometheus writes it ("NaN" included). */
  record Sample(JsonNode labels, String value) {
    boolean isNaN() {
      return value.equals("NaN");
    }
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    if (!body.path("status").asText().equals("success")) {
      throw new IllegalStateException(path + ": " + response.body());
    }
    return body.path("data");
  }

  private void awaitReady() throws InterruptedException {
    Instant deadline = Instant.now().plus(START_PATIENCE);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Prometheus exited at start:\n" + log());
      }
      try {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create(base + "/-/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYetListening) {
        // it opens its port after loading the configuration and the rules
      }
      Thread.sleep(200);
    }
    throw new UncheckedIOException(
        new IOException("Prometheus was not ready in " + START_PATIENCE + ":\n" + log()));
  }
}
