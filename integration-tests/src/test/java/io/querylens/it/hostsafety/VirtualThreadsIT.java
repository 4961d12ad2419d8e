package io.querylens.it.hostsafety;

import static org.assertj.core.api.Assertions.assertThat;

import io.querylens.it.app.VirtualThreadsApp;
import io.querylens.it.support.ForkedJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * 100,000 virtual threads on Java 25, each running one statement: the same results as without the
 * agent, and a new virtual thread costs a statement no more heap with the agent than without it
 * (the agent's per-statement cost is the same on a new virtual thread as on a platform thread).
 */
class VirtualThreadsIT {

  private static final int STATEMENTS = 100_000;

  /**
   * Measured spread of that difference between runs (0 to 7 bytes); a thread-local depth counter
   * costs some 55 bytes per new thread (its entry and its int[1]; H2 gives each thread a map).
   */
  private static final long NOISE_BYTES = 24;

  @Test
  void aHundredThousandVirtualThreadsGetTheSameResultsAndNoPerThreadAllocation() {
    Optional<Path> java25 = ForkedJvm.java25Home();
    Assumptions.assumeTrue(java25.isPresent(), "no Java 25 JDK at querylens.java25.home");
    ForkedJvm app =
        ForkedJvm.main(VirtualThreadsApp.class.getName())
            .sampleAppClasspath()
            .javaHome(java25.get())
            .args(String.valueOf(STATEMENTS))
            .timeout(Duration.ofMinutes(4));
    ForkedJvm.Result without = app.run().requireSuccess();
    ForkedJvm.Result with =
        app.javaagent(ForkedJvm.agentJar())
            .systemProperty("otel.traces.exporter", "none")
            .systemProperty("otel.metrics.exporter", "none")
            .systemProperty("otel.logs.exporter", "none")
            .run()
            .requireSuccess();

    assertThat(resultLines(with.stdout())).isEqualTo(resultLines(without.stdout()));
    assertThat(with.stdout()).contains("RESULT virtual threads sum " + 42L * STATEMENTS);
    // What a new thread costs a statement, beyond the statement itself: measured within each JVM,
    // so the two JVMs' own differences cancel out.
    long perNewThreadWith = measured(with, "virtual") - measured(with, "platform");
    long perNewThreadWithout = measured(without, "virtual") - measured(without, "platform");
    System.out.println(
        "bytes a new virtual thread adds to a statement: "
            + perNewThreadWith
            + " with the agent, "
            + perNewThreadWithout
            + " without");
    assertThat(perNewThreadWith - perNewThreadWithout).isLessThanOrEqualTo(NOISE_BYTES);
  }

  private static long measured(ForkedJvm.Result run, String threads) {
    String prefix = "MEASURED " + threads + " bytes per statement ";
    return run.stdout()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToLong(line -> Long.parseLong(line.substring(prefix.length()).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in " + run));
  }

  private static List<String> resultLines(String stdout) {
    return stdout.lines().filter(line -> line.startsWith("RESULT") || line.equals("DONE")).toList();
  }
}
