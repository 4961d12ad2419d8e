package io.querylens.it.hostsafety;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.app.SlowShutdownApp;
import io.querylens.it.support.ForkedJvm;
import io.querylens.it.support.OtlpReceiver.Transport;
import io.querylens.it.support.PostgresAndReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of an application sample one database; only the one holding the election lock
 * samples. When it stops normally it hands the lock back as its JVM's shutdown starts, and the
 * other takes over at its next tick, within one sampling interval, even while the first one's
 * process (and so its session) lives on through a slow shutdown of the application's own.
 */
class SamplerTakeoverIT {

  @RegisterExtension static final PostgresAndReceiver servers = PostgresAndReceiver.postgres(18);

  private static final Duration INTERVAL = Duration.ofSeconds(2);
  private static final Duration APPLICATION_SHUTDOWN = Duration.ofSeconds(10);
  private static final String SAMPLES = "this instance samples the database now";

  @Test
  void whenTheSamplingInstanceExitsNormallyTheOtherTakesOverWithinOneInterval() throws Exception {
    Path holdFirst = Files.createTempDirectory("querylens-first-");
    Path holdSecond = Files.createTempDirectory("querylens-second-");
    try (ForkedJvm.Started first = instance(holdFirst).start()) {
      first.awaitOutput(SAMPLES, Duration.ofSeconds(30));
      try (ForkedJvm.Started second = instance(holdSecond).start()) {
        second.awaitOutput("HOLD 1", Duration.ofSeconds(30));
        Thread.sleep(INTERVAL.multipliedBy(3).toMillis()); // its sampler has tried, and waits
        assertThat(second.stderr()).as("the first instance holds the lock").doesNotContain(SAMPLES);

        release(holdFirst);
        first.awaitOutput("DONE", Duration.ofSeconds(30)); // its shutdown starts now

        // One interval for the next tick, and a second for the JVMs' scheduling on a busy box.
        second.awaitOutput(SAMPLES, INTERVAL.plusSeconds(1));
        assertThat(first.isAlive())
            .as("taken over from the lock handed back, not from the first session's end")
            .isTrue();
        assertThat(first.awaitExit(Duration.ofSeconds(30)).stdout()).contains("DONE");
        release(holdSecond);
        assertThat(second.awaitExit(Duration.ofSeconds(30)).stdout()).contains("DONE");
      }
    }
  }

  private static ForkedJvm instance(Path holdDirectory) {
    return ForkedJvm.main(SlowShutdownApp.class.getName())
        .sampleAppClasspath()
        .javaagent(ForkedJvm.agentJar())
        .systemProperties(servers.receiver().exporterSettings(Transport.HTTP))
        .systemProperty(
            "otel.instrumentation.querylens.sampler.interval", INTERVAL.toMillis() + "ms")
        .args(
            String.valueOf(APPLICATION_SHUTDOWN.toMillis()),
            servers.postgres().jdbcUrl(),
            servers.postgres().user(),
            "",
            "1",
            "1",
            holdDirectory.toString())
        .timeout(Duration.ofMinutes(2));
  }

  private static void release(Path holdDirectory) throws IOException {
    Files.createFile(holdDirectory.resolve("go-1"));
  }
}
