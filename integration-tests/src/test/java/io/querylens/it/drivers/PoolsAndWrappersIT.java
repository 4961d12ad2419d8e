package io.querylens.it.drivers;

import static io.querylens.it.support.OtlpAttributes.attr;
import static io.querylens.it.support.OtlpAttributes.longAttr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.PoolsApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver.Transport;
import io.querylens.it.support.PostgresAndReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pools hand out their own wrapper around the driver's connection at every checkout, and p6spy and
 * datasource-proxy wrap the driver's statements as well: through each, a statement is exactly one
 * span (the outermost call), with the physical connection's facts, and the application's results
 * are those it gets without the agent.
 */
class PoolsAndWrappersIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  @TempDir Path workingDirectory;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hikaricp", "dbcp2", "tomcat-jdbc", "c3p0", "p6spy", "datasource-proxy"})
  void everyStatementIsOneSpanWithThePhysicalConnectionsFacts(String pool) {
    ForkedJvm.Result without = app(pool).run().requireSuccess();
    ForkedJvm.Result with = traced(app(pool)).run().requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout())).isNotEmpty();
    List<String> expected = PoolsApp.spanNames();
    servers.receiver().awaitSpans(span -> true, expected.size(), WAIT);
    settle();
    List<Span> spans = servers.receiver().spans();
    assertThat(spans)
        .as(() -> "spans and their text: " + namesAndTexts(spans))
        .extracting(Span::getName)
        .containsExactlyElementsOf(expected);
    EmbeddedPostgresServer postgres = servers.postgres();
    assertThat(spans)
        .allSatisfy(
            span -> {
              assertThat(attr(span, "db.system.name")).isEqualTo("postgresql");
              assertThat(attr(span, "db.namespace")).isEqualTo("postgres");
              assertThat(attr(span, "server.address")).isEqualTo("127.0.0.1");
              assertThat(longAttr(span, "server.port")).isEqualTo((long) postgres.port());
            });
    assertThat(attr(spans.get(3), "db.query.text"))
        .isEqualTo("SELECT name FROM pool_items WHERE id = ?");
  }

  private ForkedJvm app(String pool) {
    EmbeddedPostgresServer postgres = servers.postgres();
    return ForkedJvm.main(PoolsApp.class.getName())
        .sampleAppClasspath()
        .moreDriversAndPoolsClasspath()
        .workingDirectory(workingDirectory)
        .args(pool, postgres.jdbcUrl(), postgres.user(), "unused-password");
  }

  private static ForkedJvm traced(ForkedJvm jvm) {
    return jvm.javaagent(ForkedJvm.agentJar())
        .systemProperties(servers.receiver().exporterSettings(Transport.HTTP))
        .systemProperty("otel.bsp.schedule.delay", "200")
        .timeout(Duration.ofMinutes(2));
  }

  /** The application's own output: its RESULT lines, not the JVM's or the agent's. */
  private static List<String> resultLines(String stdout) {
    return stdout.lines().filter(line -> line.startsWith("RESULT") || line.equals("DONE")).toList();
  }

  private static List<String> namesAndTexts(List<Span> spans) {
    return spans.stream()
        .map(span -> span.getName() + " <" + attr(span, "db.query.text") + ">")
        .toList();
  }

  /** Gives a late (wrong) extra span the chance to arrive before asserting there is none. */
  private static void settle() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
