package io.querylens.it.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.SampleApp;
import io.querylens.it.app.ShopWorkload;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import io.querylens.it.support.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS where a user turns it on, configured the standard way: OTLP to a collector whose certificate
 * the agent trusts through {@code otel.exporter.otlp.certificate}, and the sampler's connection to
 * a PostgreSQL server with {@code sslmode=verify-full}.
 */
class TlsIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private static SelfSignedCertificate trusted;
  private static SelfSignedCertificate stranger;
  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    Path directory = Files.createTempDirectory("querylens-tls-");
    trusted = SelfSignedCertificate.create(directory.resolve("trusted"));
    stranger = SelfSignedCertificate.create(directory.resolve("stranger"));
    postgres =
        EmbeddedPostgresServer.start(
            17,
            Map.of(
                "ssl", "on",
                "ssl_cert_file", trusted.certificatePem().toString(),
                "ssl_key_file", trusted.privateKeyPem().toString()));
    receiver = OtlpReceiver.startTls(trusted.serverContext());
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void forgetEarlierTelemetry() {
    receiver.reset();
  }

  @Test
  void spansReachACollectorOverTlsTrustedThroughTheStandardCertificateSetting() {
    assertThat(receiver.httpEndpoint()).startsWith("https://");

    sampleApp()
        .systemProperties(receiver.exporterSettings(Transport.HTTP))
        .systemProperty("otel.exporter.otlp.certificate", trusted.certificatePem().toString())
        .run()
        .requireSuccess();

    List<Span> spans = receiver.awaitSpans(span -> true, 12, WAIT);
    assertThat(spans).extracting(Span::getName).contains("SELECT customers");
  }

  @Test
  void aCollectorWhoseCertificateIsNotTrustedGetsNothingAndTheApplicationRunsUnchanged() {
    ForkedJvm.Result without =
        ForkedJvm.main(SampleApp.class.getName())
            .sampleAppClasspath()
            .args(postgres.jdbcUrl(), postgres.user(), "")
            .run()
            .requireSuccess();
    ForkedJvm.Result with =
        sampleApp()
            .systemProperties(receiver.exporterSettings(Transport.HTTP))
            .systemProperty("otel.exporter.otlp.certificate", stranger.certificatePem().toString())
            .run()
            .requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void theSamplerConnectsWithVerifyFullAndItsSessionIsEncrypted() throws Exception {
    try (ForkedJvm.Started shop = shopWorkload(trusted.certificatePem()).start()) {
      receiver.awaitMetric("postgresql.backends", WAIT);
      List<Boolean> samplerSessionsEncrypted = samplerSessionsEncrypted();
      assertThat(samplerSessionsEncrypted).isNotEmpty().containsOnly(true);
      shop.awaitExit(Duration.ofMinutes(2)).requireSuccess();
    }
  }

  @Test
  void aSamplerThatCannotVerifyTheServerSaysSoAndTheApplicationRunsUnchanged() {
    ForkedJvm.Result run = shopWorkload(stranger.certificatePem()).run().requireSuccess();

    assertThat(run.stdout()).contains("DONE");
    assertThat(run.stderr().lines().filter(line -> line.startsWith("[querylens]")))
        .anySatisfy(line -> assertThat(line).containsIgnoringCase("sampler"));
    assertThat(receiver.metrics("postgresql.backends")).isEmpty();
  }

  // ---- helpers ----

  private static ForkedJvm sampleApp() {
    return ForkedJvm.main(SampleApp.class.getName())
        .sampleAppClasspath()
        .javaagent(ForkedJvm.agentJar())
        .args(postgres.jdbcUrl(), postgres.user(), "")
        .systemProperty("otel.bsp.schedule.delay", "200")
        .systemProperty("otel.instrumentation.querylens.sampler.enabled", "false");
  }

  /** 1,500 rounds of the shop workload, its sampler on {@code localhost} with verify-full. */
  private static ForkedJvm shopWorkload(Path rootCertificate) {
    String samplerUrl =
        "jdbc:postgresql://localhost:"
            + postgres.port()
            + "/postgres?sslmode=verify-full&sslrootcert="
            + rootCertificate;
    return ForkedJvm.main(ShopWorkload.class.getName())
        .sampleAppClasspath()
        .javaagent(ForkedJvm.agentJar())
        .args(postgres.jdbcUrl(), postgres.user(), "", "1500")
        .systemProperties(receiver.exporterSettings(Transport.HTTP))
        .systemProperty("otel.exporter.otlp.certificate", trusted.certificatePem().toString())
        .systemProperty("otel.metric.export.interval", "500")
        .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s")
        .systemProperty("otel.instrumentation.querylens.sampler.url", samplerUrl)
        .systemProperty("otel.instrumentation.querylens.sampler.user", postgres.user())
        .timeout(Duration.ofMinutes(2));
  }

  /** Whether each open session of the sampler (application_name querylens) uses TLS. */
  private static List<Boolean> samplerSessionsEncrypted() throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<Boolean> encrypted = new ArrayList<>();
    while (encrypted.isEmpty() && System.nanoTime() < deadline) {
      try (Connection admin = postgres.connect();
          Statement statement = admin.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
                      + " WHERE a.application_name = 'querylens'")) {
        while (rows.next()) {
          encrypted.add(rows.getBoolean(1));
        }
      }
      if (encrypted.isEmpty()) {
        Thread.sleep(200);
      }
    }
    return encrypted;
  }

  private static List<String> resultLines(String stdout) {
    return stdout.lines().filter(line -> line.startsWith("RESULT") || line.equals("DONE")).toList();
  }
}
