package io.querylens.it.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver.Transport;
import io.querylens.it.support.PostgresAndReceiver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Spring Boot service (Spring MVC, Spring Data JPA over Hibernate and HikariCP: the benchmarks'
 * order-entry service, run with {@code java -jar}) under the OpenTelemetry Java agent and
 * QueryLens, with the one setting the docs give ({@code otel.instrumentation.jdbc.enabled=false}):
 * every HTTP request's trace holds the statements it ran, each once, as QueryLens spans under the
 * request's SERVER span.
 */
class SpringBootTracesIT {

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String QUERYLENS_SCOPE = "io.querylens";
  private static final int CUSTOMERS = 8;

  @Test
  void eachHttpRequestsTraceHoldsItsStatementsOnceUnderItsServerSpan() throws Exception {
    int port = freePort();
    try (ForkedJvm.Started app =
        ForkedJvm.executableJar(ForkedJvm.springAppJar())
            .jvmArg("-javaagent:" + ForkedJvm.openTelemetryJavaagent())
            .javaagent(ForkedJvm.agentJar())
            .systemProperties(servers.receiver().exporterSettings(Transport.HTTP))
            .systemProperty("otel.instrumentation.jdbc.enabled", "false")
            .systemProperty("otel.bsp.schedule.delay", "200")
            .systemProperty("otel.metric.export.interval", "1000")
            .args(
                "--server.port=" + port,
                "--spring.datasource.url=" + servers.postgres().jdbcUrl(),
                "--spring.datasource.username=" + servers.postgres().user())
            .start()) {
      app.awaitOutput("READY ", Duration.ofMinutes(4));
      HttpClient http = HttpClient.newHttpClient();
      for (int customer = 1; customer <= CUSTOMERS; customer++) {
        get(http, "http://127.0.0.1:" + port + "/customers/" + customer);
        get(http, "http://127.0.0.1:" + port + "/customers/" + customer + "/open-orders");
      }

      List<Span> requests =
          servers
              .receiver()
              .awaitSpans(
                  span ->
                      span.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                          && span.getName().startsWith("GET /customers/"),
                  2 * CUSTOMERS,
                  WAIT);
      pauseForLateSpans();
      List<Span> all = servers.receiver().spans();
      List<Span> statements = servers.receiver().spansOfScope(QUERYLENS_SCOPE::equals);
      Map<ByteString, Span> bySpanId = new HashMap<>();
      all.forEach(span -> bySpanId.put(span.getSpanId(), span));

      assertThat(requests).hasSize(2 * CUSTOMERS);
      assertThat(requests)
          .allSatisfy(
              request ->
                  assertThat(statementsUnder(request, statements, bySpanId))
                      .as("QueryLens spans under %s", request.getName())
                      .isNotEmpty()
                      .allSatisfy(
                          statement ->
                              assertThat(statement.getKind())
                                  .isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT)));
      assertThat(servers.receiver().spansOfScope(name -> name.startsWith("io.opentelemetry.jdbc")))
          .as("the OpenTelemetry agent's own JDBC spans, which would duplicate each statement")
          .isEmpty();
    }
  }

  /** The QueryLens spans whose chain of parents reaches {@code request}. */
  private static List<Span> statementsUnder(
      Span request, List<Span> statements, Map<ByteString, Span> bySpanId) {
    List<Span> under = new ArrayList<>();
    for (Span statement : statements) {
      if (!statement.getTraceId().equals(request.getTraceId())) {
        continue;
      }
      Span parent = bySpanId.get(statement.getParentSpanId());
      for (int hops = 0; parent != null && hops < 16; hops++) {
        if (parent.getSpanId().equals(request.getSpanId())) {
          under.add(statement);
          break;
        }
        parent = bySpanId.get(parent.getParentSpanId());
      }
    }
    return under;
  }

  private static void get(HttpClient http, String uri) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(uri)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(uri).isEqualTo(200);
  }

  /** Both agents export in batches: a moment for the last statements of the last requests. */
  private static void pauseForLateSpans() throws InterruptedException {
    Thread.sleep(2_000);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
