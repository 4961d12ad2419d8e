package io.querylens.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.app.ShopWorkload;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code OTEL_METRICS_EXPORTER=prometheus}: the agent serves Prometheus's pull format itself. */
class AgentPrometheusIT {

  @Test
  void metricsCanBeScrapedInPrometheusFormatWhileTheApplicationRuns() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(18);
        ForkedJvm.Started app =
            ForkedJvm.main(ShopWorkload.class.getName())
                .sampleAppClasspath()
                .javaagent(ForkedJvm.agentJar())
                .args(postgres.jdbcUrl(), postgres.user(), "", "100000")
                .env("OTEL_METRICS_EXPORTER", "prometheus")
                .env("OTEL_TRACES_EXPORTER", "none")
                .env("OTEL_LOGS_EXPORTER", "none")
                .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
                .env("OTEL_EXPORTER_PROMETHEUS_PORT", Integer.toString(port))
                .env("OTEL_INSTRUMENTATION_QUERYLENS_SAMPLER_INTERVAL", "1s")
                .start()) {
      String scraped = scrapeUntil(port, "postgresql_table_size", Duration.ofSeconds(60));

      assertThat(scraped)
          .contains("db_client_operation_duration_seconds_count")
          .contains("db_system_name=\"postgresql\"")
          .contains("postgresql_table_size");

      // What Prometheus sends with native histograms on: protobuf first. The jar has no protobuf
      // format, so the scrape gets text, never an error.
      HttpResponse<String> protobufFirst =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .header("Accept", PROMETHEUS_PROTOBUF_FIRST)
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(protobufFirst.statusCode()).isEqualTo(200);
      assertThat(protobufFirst.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .contains("text");
      assertThat(protobufFirst.body()).contains("postgresql_table_size");
    }
  }

  private static final String PROMETHEUS_PROTOBUF_FIRST =
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;"
          + "q=0.5,application/openmetrics-text;version=1.0.0;q=0.4,"
          + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

  private static String scrapeUntil(int port, String wanted, Duration timeout) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(5))
            .build();
    Instant deadline = Instant.now().plus(timeout);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      try {
        last = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        if (last.contains(wanted)) {
          return last;
        }
      } catch (java.io.IOException notYetListening) {
        // the agent starts its endpoint with the SDK
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no " + wanted + " scraped within " + timeout + "; last:\n" + last);
  }
}
