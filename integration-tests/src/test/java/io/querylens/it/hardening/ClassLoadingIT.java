package io.querylens.it.hardening;

import static io.querylens.it.hardening.Hardening.resultLines;
import static io.querylens.it.support.OtlpAttributes.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.IsolatedDriverApp;
import io.querylens.it.app.LateAttachApp;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.PostgresAndReceiver;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drivers loaded the unusual ways: in an isolated or child-first class loader (as application
 * servers do), two versions side by side, and loaded before the agent, which is attached late
 * through the Attach API. (An application bundling its own OpenTelemetry and Byte Buddy is
 * specified in AgentTracingIT.)
 */
class ClassLoadingIT {

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  @Test
  void driversInIsolatedAndChildFirstLoadersTwoVersionsSideBySideAreEachTraced() {
    ForkedJvm app =
        ForkedJvm.main(IsolatedDriverApp.class.getName())
            .sampleAppClasspath()
            .args(
                servers.postgres().jdbcUrl(),
                servers.postgres().user(),
                "",
                "isolated:isolated_older:" + driver("postgresql-older.jar"),
                "isolated:isolated_current:" + driver("postgresql-current.jar"),
                "child-first:child_first_older:" + driver("postgresql-older.jar"));
    ForkedJvm.Result without = app.run().requireSuccess();
    ForkedJvm.Result with = Hardening.traced(app, servers.receiver()).run().requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
    assertThat(with.stdout())
        .contains("RESULT isolated_older driver 42.6 from its own loader true rows 1")
        .contains("RESULT isolated_current driver 42.7 from its own loader true rows 1")
        .contains("RESULT child_first_older driver 42.6 from its own loader true rows 1");
    List<Span> spans =
        servers
            .receiver()
            .awaitSpans(span -> attr(span, "db.query.text").contains("pg_class"), 3, WAIT);
    assertThat(spans)
        .extracting(span -> attr(span, "db.query.text"))
        .containsExactlyInAnyOrder(
            "SELECT count(*) AS isolated_older FROM pg_class WHERE relname = ?",
            "SELECT count(*) AS isolated_current FROM pg_class WHERE relname = ?",
            "SELECT count(*) AS child_first_older FROM pg_class WHERE relname = ?");
    assertThat(spans)
        .allSatisfy(span -> assertThat(attr(span, "db.system.name")).isEqualTo("postgresql"));
  }

  /**
   * Attached late, the agent retransforms the driver classes already loaded: a statement created
   * before the attach is traced from then on, but a statement prepared before it is not (its SQL
   * was never seen); nothing the application sees changes.
   */
  @Test
  void anAgentAttachedToARunningApplicationTracesWhatRunsAfterwards() {
    ForkedJvm.Result without = lateAttach("none").run().requireSuccess();
    ForkedJvm.Result with =
        Hardening.exportingTo(lateAttach(ForkedJvm.agentJar().toString()), servers.receiver())
            .run()
            .requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
    List<Span> spans =
        servers
            .receiver()
            .awaitSpans(span -> attr(span, "db.query.text").contains("pg_class"), 2, WAIT);
    Hardening.sleep(java.time.Duration.ofMillis(500)); // a wrong extra span would arrive by now
    assertThat(servers.receiver().spans())
        .extracting(span -> attr(span, "db.query.text"))
        .containsExactlyInAnyOrder(
            "SELECT count(*) AS after_attach FROM pg_class",
            "SELECT count(*) AS prepared_after FROM pg_class");
    assertThat(spans).isNotEmpty();
  }

  private static final java.time.Duration WAIT = Hardening.WAIT;

  private ForkedJvm lateAttach(String agent) {
    return ForkedJvm.main(LateAttachApp.class.getName())
        .sampleAppClasspath()
        .systemProperty("jdk.attach.allowAttachSelf", "true")
        .args(servers.postgres().jdbcUrl(), servers.postgres().user(), "", agent);
  }

  private static Path driver(String name) {
    return Path.of(System.getProperty("querylens.app.drivers"), name);
  }
}
