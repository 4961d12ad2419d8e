package io.querylens.it.app;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An application that traces its requests with the OpenTelemetry API: each request is a SERVER span
 * of its own, on a pool thread, running three statements (two prepared, one plain with literals).
 * It prints {@code REQUEST sampled|unsampled <trace id> <span id>} for each.
 *
 * <p>Arguments: {@code own-sdk|global url user password sampledRequests unsampledRequests}. With
 * {@code own-sdk} it builds its own SDK, exporting over OTLP/HTTP to the system property {@code
 * traced.app.traces-endpoint}, and does not sample requests named {@code unsampled}; with {@code
 * global} it uses {@link GlobalOpenTelemetry} (the OpenTelemetry Java agent's, when attached).
 * {@code traced.app.linger-millis} keeps it running that long after the requests (for the agent's
 * sampler to run).
 */
public final class TracedRequestsApp {

  public static final String SCOPE = "traced-requests-app";

  private TracedRequestsApp() {}

  public static void main(String[] args) throws Exception {
    boolean ownSdk = args[0].equals("own-sdk");
    String url = args[1];
    String user = args[2];
    String password = args[3];
    int sampled = Integer.parseInt(args[4]);
    int unsampled = Integer.parseInt(args[5]);

    SdkTracerProvider provider = ownSdk ? ownProvider() : null;
    Tracer tracer = ownSdk ? provider.get(SCOPE) : GlobalOpenTelemetry.getTracer(SCOPE);

    try (Connection setup = DriverManager.getConnection(url, user, password);
        Statement statement = setup.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS traced_audit");
      statement.execute("DROP TABLE IF EXISTS traced_accounts");
      statement.execute("CREATE TABLE traced_accounts (id int PRIMARY KEY, balance int NOT NULL)");
      statement.execute("CREATE TABLE traced_audit (account_id int NOT NULL, note text)");
      statement.execute(
          "INSERT INTO traced_accounts SELECT i, 0 FROM generate_series(1, 100) AS i");
    }

    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<String>> requests = new ArrayList<>();
    for (int i = 0; i < sampled + unsampled; i++) {
      boolean sampledRequest = i < sampled;
      int account = 1 + i % 100;
      requests.add(
          pool.submit(() -> request(tracer, sampledRequest, account, url, user, password)));
    }
    for (Future<String> request : requests) {
      System.out.println(request.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    Thread.sleep(Long.getLong("traced.app.linger-millis", 0));
    if (provider != null) {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
    System.out.println("DONE");
  }

  private static String request(
      Tracer tracer, boolean sampled, int account, String url, String user, String password)
      throws SQLException {
    Span span =
        tracer
            .spanBuilder(sampled ? "GET /accounts" : "unsampled")
            .setSpanKind(SpanKind.SERVER)
            .setParent(Context.root())
            .startSpan();
    try (Scope ignored = span.makeCurrent();
        Connection connection = DriverManager.getConnection(url, user, password)) {
      try (PreparedStatement select =
          connection.prepareStatement("SELECT balance FROM traced_accounts WHERE id = ?")) {
        select.setInt(1, account);
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
        }
      }
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE traced_accounts SET balance = balance + 1 WHERE id = ?")) {
        update.setInt(1, account);
        update.executeUpdate();
      }
      try (Statement insert = connection.createStatement()) {
        insert.executeUpdate(
            "INSERT INTO traced_audit (account_id, note) VALUES (" + account + ", 'seen')");
      }
    } finally {
      span.end();
    }
    return "REQUEST "
        + (sampled ? "sampled " : "unsampled ")
        + span.getSpanContext().getTraceId()
        + " "
        + span.getSpanContext().getSpanId();
  }

  private static SdkTracerProvider ownProvider() {
    return SdkTracerProvider.builder()
        .setSampler(new UnsampledByName())
        .addSpanProcessor(
            BatchSpanProcessor.builder(
                    OtlpHttpSpanExporter.builder()
                        .setEndpoint(System.getProperty("traced.app.traces-endpoint"))
                        .build())
                .build())
        .build();
  }

  /** Samples every span but those named {@code unsampled}: a request the application drops. */
  private static final class UnsampledByName implements Sampler {
    @Override
    public SamplingResult shouldSample(
        Context parentContext,
        String traceId,
        String name,
        SpanKind spanKind,
        Attributes attributes,
        List<LinkData> parentLinks) {
      return name.equals("unsampled") ? SamplingResult.drop() : SamplingResult.recordAndSample();
    }

    @Override
    public String getDescription() {
      return "UnsampledByName";
    }
  }
}
