package io.querylens.it.hardening;

import static io.querylens.it.hardening.Hardening.agentLines;
import static io.querylens.it.hardening.Hardening.release;
import static io.querylens.it.hardening.Hardening.resultLines;
import static io.querylens.it.support.OtlpAttributes.attr;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.trace.v1.Span;
import io.querylens.it.app.RoundsApp;
import io.querylens.it.support.EmbeddedPostgresServer;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL misbehaves under a running application and sampler: it restarts, or a table is held
 * under an {@code ACCESS EXCLUSIVE} lock. The application sees what it sees without the agent, the
 * sampler gives up or reconnects and says so once, and statements are traced throughout.
 *
 * <p>A sampler that lacks {@code pg_monitor}, or finds pg_stat_statements missing or not preloaded,
 * is specified in {@code SamplerSuite} (run on PostgreSQL 13, 15, 17 and 18).
 */
class DatabaseFaultsIT {

  private static final int ROUNDS = 5;

  private static EmbeddedPostgresServer postgres;
  private static OtlpReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgresServer.start(18);
    receiver = OtlpReceiver.start();
    try (Connection admin = postgres.connect();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE TABLE migrating (id int PRIMARY KEY, note text)");
      statement.execute("INSERT INTO migrating SELECT g, 'n' || g FROM generate_series(1, 100) g");
    }
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
  void aRestartGivesTheApplicationTheSameErrorsAsWithoutTheAgentAndSamplingResumes() {
    ForkedJvm.Result without = runRestartingAfterRound2(app(), started -> {}, started -> {});
    ForkedJvm.Result with =
        runRestartingAfterRound2(
            sampled(app()),
            started -> started.awaitOutput("samples the database now", Hardening.WAIT),
            started -> {
              started.awaitOutput("sampling again", Duration.ofSeconds(60));
              receiver.reset(); // what arrives from now on was recorded after the restart
            });

    assertThat(resultLines(without.stdout()))
        .as("the restart breaks the application's connection; it reconnects")
        .contains("RESULT 3 reconnected");
    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
    assertThat(agentLines(with.stderr()))
        .anySatisfy(line -> assertThat(line).contains("lost its session (reconnecting)"))
        .anySatisfy(line -> assertThat(line).contains("sampling again"));
    List<Span> after = receiver.awaitSpans(span -> true, 4, Hardening.WAIT);
    assertThat(after)
        .as("statements of the round after the restart are traced")
        .extracting(span -> attr(span, "db.query.text"))
        .contains("SELECT length(email) FROM rounds WHERE id = ?");
    receiver.awaitMetric("postgresql.commits", Hardening.WAIT);
  }

  @Test
  void aTableLockedAccessExclusiveNeitherHoldsTheApplicationNorTheSamplerBack() throws Exception {
    ForkedJvm.Result without = app().run().requireSuccess();
    ForkedJvm.Result with;
    try (Connection migration = postgres.connect();
        Statement statement = migration.createStatement()) {
      migration.setAutoCommit(false);
      statement.execute("LOCK TABLE migrating IN ACCESS EXCLUSIVE MODE");
      Path holds = Hardening.holdDirectory();
      try (ForkedJvm.Started app =
          sampled(app().args("3", holds.toString())).timeout(Duration.ofMinutes(1)).start()) {
        app.awaitOutput("HOLD 3", Hardening.WAIT);
        app.awaitOutput("locked past lock_timeout", Duration.ofSeconds(30));
        receiver.awaitMetric("postgresql.table.size", Hardening.WAIT);
        release(holds, 3);
        with = app.awaitExit(Duration.ofMinutes(1)).requireSuccess();
      }
      migration.rollback();
    }

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
    assertThat(agentLines(with.stderr()))
        .filteredOn(line -> line.contains("locked past lock_timeout"))
        .as("told once per statistics family, however many samples met the lock")
        .isNotEmpty()
        .doesNotHaveDuplicates();
  }

  // ---- helpers ----

  /** Runs {@code jvm} held after round 2, restarts PostgreSQL, then lets it go on. */
  private static ForkedJvm.Result runRestartingAfterRound2(
      ForkedJvm jvm,
      Consumer<ForkedJvm.Started> beforeRestart,
      Consumer<ForkedJvm.Started> afterRestart) {
    Path holds = Hardening.holdDirectory();
    try (ForkedJvm.Started app = jvm.args("2,4", holds.toString()).start()) {
      app.awaitOutput("HOLD 2", Hardening.WAIT);
      beforeRestart.accept(app);
      postgres.restart();
      release(holds, 2);
      app.awaitOutput("HOLD 4", Hardening.WAIT);
      afterRestart.accept(app);
      release(holds, 4);
      return app.awaitExit(Duration.ofMinutes(1)).requireSuccess();
    }
  }

  private static ForkedJvm app() {
    return ForkedJvm.main(RoundsApp.class.getName())
        .sampleAppClasspath()
        .args(postgres.jdbcUrl(), postgres.user(), "", Integer.toString(ROUNDS));
  }

  private static ForkedJvm sampled(ForkedJvm jvm) {
    return Hardening.traced(jvm, receiver)
        .systemProperty("otel.instrumentation.querylens.sampler.interval", "1s");
  }
}
