package io.querylens.it.drivers;

import static io.querylens.it.support.OtlpAttributes.attr;
import static io.querylens.it.support.OtlpAttributes.longAttr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.querylens.it.app.EmbeddedDatabaseApp;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The in-process databases many applications start on (and test with): each statement is one span
 * with the database's well-known {@code db.system.name} (semantic conventions 1.43: h2database,
 * hsqldb, derby, sqlite), its operation and table, and no server; the application's results are
 * those it gets without the agent.
 */
class InProcessDriversIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static OtlpReceiver receiver;

  @TempDir Path workingDirectory;

  @BeforeAll
  static void startReceiver() {
    receiver = OtlpReceiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    if (receiver != null) {
      receiver.close();
    }
  }

  @BeforeEach
  void forgetEarlierTelemetry() {
    receiver.reset();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " | ",
      value = {
        "H2 | jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1 | h2database",
        "HSQLDB | jdbc:hsqldb:mem:shop | hsqldb",
        "Apache Derby | jdbc:derby:memory:shop;create=true | derby",
        "SQLite (xerial) | jdbc:sqlite::memory: | sqlite",
      })
  void everyStatementIsOneSpanNamedForItsOperationAndTableAndTheResultsAreUnchanged(
      String database, String url, String systemName) {
    ForkedJvm.Result without = app(url).run().requireSuccess();
    ForkedJvm.Result with = traced(app(url)).run().requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout())).isNotEmpty();
    List<String> expected = List.of(EmbeddedDatabaseApp.SPAN_NAMES);
    receiver.awaitSpans(span -> true, expected.size(), WAIT);
    settle();
    List<Span> spans = receiver.spans();
    assertThat(spans)
        .as(() -> "spans and their text: " + namesAndTexts(spans))
        .extracting(Span::getName)
        .containsExactlyElementsOf(expected);
    assertThat(spans)
        .allSatisfy(
            span -> {
              assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
              assertThat(attr(span, "db.system.name")).isEqualTo(systemName);
              assertThat(attr(span, "server.address")).isNull();
              assertThat(attr(span, "querylens.query.fingerprint")).matches("[0-9a-f]{16}");
            });

    Span batch = spans.get(2);
    assertThat(attr(batch, "db.operation.name")).isEqualTo("BATCH INSERT");
    assertThat(attr(batch, "db.collection.name")).isEqualTo("customers");
    assertThat(longAttr(batch, "db.operation.batch.size")).isEqualTo(3L);

    Span select = spans.get(3);
    assertThat(attr(select, "db.operation.name")).isEqualTo("SELECT");
    assertThat(attr(select, "db.collection.name")).isEqualTo("customers");
    assertThat(attr(select, "db.query.text")).isEqualTo("SELECT name FROM customers WHERE id = ?");

    Span literalUpdate = spans.get(5);
    assertThat(attr(literalUpdate, "db.operation.name")).isEqualTo("UPDATE");
    assertThat(attr(literalUpdate, "db.query.text"))
        .isEqualTo("UPDATE customers SET name = ? WHERE id = ?");

    Span failed = spans.get(8);
    assertThat(failed.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(attr(failed, "db.collection.name")).isEqualTo("missing_table");
    assertThat(attr(failed, "error.type")).isNotBlank();
  }

  private ForkedJvm app(String url) {
    return ForkedJvm.main(EmbeddedDatabaseApp.class.getName())
        .sampleAppClasspath()
        .moreDriversAndPoolsClasspath()
        .workingDirectory(workingDirectory) // Derby writes derby.log where it runs
        .args(url);
  }

  private static ForkedJvm traced(ForkedJvm jvm) {
    return jvm.javaagent(ForkedJvm.agentJar())
        .systemProperties(receiver.exporterSettings(Transport.HTTP))
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
