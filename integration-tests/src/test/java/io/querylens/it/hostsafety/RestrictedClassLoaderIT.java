package io.querylens.it.hostsafety;

import static io.querylens.it.support.OtlpAttributes.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.RestrictedLoaderApp;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import io.querylens.it.support.OtlpReceiver.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An application whose class loader delegates only {@code java.*} and {@code javax.*} to its parent
 * (OSGi without boot delegation, JBoss modules) cannot see the agent's bootstrap bridge: its driver
 * classes are left untouched, so it runs exactly as without the agent, and the agent says so once.
 */
class RestrictedClassLoaderIT {

  private static OtlpReceiver receiver;

  @BeforeAll
  static void startReceiver() {
    receiver = OtlpReceiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @Test
  void h2InALoaderThatCannotSeeTheBridgeRunsAsWithoutTheAgentAndIsToldOnce() throws IOException {
    ForkedJvm app =
        ForkedJvm.main(RestrictedLoaderApp.class.getName())
            .classpath(Path.of(System.getProperty("querylens.app.classes")))
            .args(h2Jar().toString())
            .timeout(Duration.ofMinutes(2));
    ForkedJvm.Result without = app.run().requireSuccess();
    ForkedJvm.Result with =
        app.javaagent(ForkedJvm.agentJar())
            .systemProperties(receiver.exporterSettings(Transport.HTTP))
            .systemProperty("otel.bsp.schedule.delay", "200")
            .run()
            .requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
    assertThat(with.stdout())
        .contains("RESULT restricted rows 3 item-3")
        .contains("RESULT restricted driver from its own loader true")
        .doesNotContain("NoClassDefFoundError");
    assertThat(with.stderr()).doesNotContain("NoClassDefFoundError");
    assertThat(agentLines(with.stderr()))
        .singleElement()
        .asString()
        .contains("JavaOnlyLoader")
        .contains("io.querylens.bootstrap")
        .contains("not traced");
    // The ordinary loader beside it is still traced, so the agent was not merely idle.
    List<Span> spans =
        receiver.awaitSpans(
            span -> attr(span, "db.query.text").contains("ordinary_items"), 1, WAIT);
    assertThat(receiver.spans())
        .extracting(span -> attr(span, "db.query.text"))
        .noneMatch(text -> text.contains("restricted_"));
    assertThat(spans)
        .allSatisfy(span -> assertThat(attr(span, "db.system.name")).isEqualTo("h2database"));
  }

  private static final Duration WAIT = Duration.ofSeconds(30);

  private static List<String> resultLines(String stdout) {
    return stdout.lines().filter(line -> line.startsWith("RESULT") || line.equals("DONE")).toList();
  }

  private static List<String> agentLines(String stderr) {
    return stderr.lines().filter(line -> line.startsWith("[querylens]")).toList();
  }

  private static Path h2Jar() throws IOException {
    try (Stream<Path> jars = Files.list(Path.of(System.getProperty("querylens.app.libs")))) {
      return jars.filter(jar -> jar.getFileName().toString().startsWith("h2-"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no H2 jar in querylens.app.libs"));
    }
  }
}
