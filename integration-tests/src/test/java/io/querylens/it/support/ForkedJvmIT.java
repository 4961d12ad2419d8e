package io.querylens.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ForkedJvmIT {

  @Test
  void capturesStdoutStderrAndTheExitCode() {
    ForkedJvm.Result result =
        ForkedJvm.main(ScriptedMain.class).args("out:hello", "err:oops", "exit:3").run();

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("hello" + System.lineSeparator());
    assertThat(result.stderr()).isEqualTo("oops" + System.lineSeparator());
    assertThat(result.wallTime()).isPositive();
    assertThatThrownBy(result::requireSuccess)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("exited with 3")
        .hasMessageContaining("oops");
  }

  @Test
  void readsOutputLargerThanAPipeBufferWithoutBlockingTheChild() {
    String[] lines = new String[2_000];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = "out:line " + i + " " + "x".repeat(100);
    }

    ForkedJvm.Result result = ForkedJvm.main(ScriptedMain.class).args(lines).run();

    assertThat(result.requireSuccess().stdout().lines())
        .hasSize(2_000)
        .endsWith("line 1999 " + "x".repeat(100));
  }

  @Test
  void passesSystemPropertiesJvmArgumentsAndTheChosenJavaHome() {
    ForkedJvm.Result result =
        ForkedJvm.main(ScriptedMain.class)
            .systemProperty("querylens.greeting", "hi there")
            .jvmArg("-Xmx64m")
            .args("prop:querylens.greeting", "prop:java.home")
            .run()
            .requireSuccess();

    assertThat(result.stdout())
        .contains("querylens.greeting=hi there")
        .contains("java.home=" + System.getProperty("java.home"));
    assertThat(result.command()).contains("-Xmx64m");
  }

  @Test
  void putsTheBundledLibrariesOnTheClassPath() {
    ForkedJvm.Result result =
        ForkedJvm.main(ScriptedMain.class)
            .bundledLibsClasspath()
            .args(
                "class:io.opentelemetry.sdk.trace.SdkTracerProvider",
                "class:net.bytebuddy.ByteBuddy",
                "class:org.postgresql.Driver")
            .run()
            .requireSuccess();

    assertThat(result.stdout())
        .contains("SdkTracerProvider from file:")
        .contains("opentelemetry-sdk-trace-1.40.0.jar")
        .contains("byte-buddy-1.15.10.jar")
        .contains("org.postgresql.Driver missing");
  }

  @Test
  void dropsInheritedOpenTelemetryAndJvmOptionVariablesButKeepsExplicitOnes() {
    // The test JVM's own environment cannot be changed, so check the filter on what it
    // inherits (PATH survives) and that explicit variables, OTEL_* included, pass through.
    ForkedJvm.Result result =
        ForkedJvm.main(ScriptedMain.class)
            .env("OTEL_SERVICE_NAME", "chosen-by-the-test")
            .env("QUERYLENS_IT_MARKER", "set")
            .args(
                "env:OTEL_SERVICE_NAME",
                "env:QUERYLENS_IT_MARKER",
                "env:PATH",
                "env:JAVA_TOOL_OPTIONS",
                "env:JDK_JAVA_OPTIONS",
                "env:_JAVA_OPTIONS")
            .run()
            .requireSuccess();

    assertThat(result.stdout())
        .contains("OTEL_SERVICE_NAME=chosen-by-the-test")
        .contains("QUERYLENS_IT_MARKER=set")
        .contains("PATH=" + System.getenv("PATH"))
        .contains("JAVA_TOOL_OPTIONS unset")
        .contains("JDK_JAVA_OPTIONS unset")
        .contains("_JAVA_OPTIONS unset");
    assertThat(result.stderr()).doesNotContain("Picked up");
  }

  @Test
  void removesInheritedVariablesWhenTheParentHasThem() {
    // A JVM forked with OTEL_* and JAVA_TOOL_OPTIONS set forks a grandchild through ForkedJvm:
    // the grandchild must see neither.
    ForkedJvm.Result result =
        ForkedJvm.main(ForkingMain.class)
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://leaked:4318")
            .env("JAVA_TOOL_OPTIONS", "-Dquerylens.leaked=yes")
            .run()
            .requireSuccess();

    assertThat(result.stdout())
        .contains("OTEL_EXPORTER_OTLP_ENDPOINT unset")
        .contains("JAVA_TOOL_OPTIONS unset")
        .contains("querylens.leaked unset");
  }

  @Test
  void runsTheJava25HomeWhenAsked() {
    Assumptions.assumeTrue(ForkedJvm.java25Home().isPresent(), "no Java 25 on this machine");

    ForkedJvm.Result result =
        ForkedJvm.main(ScriptedMain.class)
            .javaHome(ForkedJvm.java25Home().get())
            .args("prop:java.specification.version")
            .run()
            .requireSuccess();

    assertThat(result.stdout()).contains("java.specification.version=25");
  }

  @Test
  void killsAJvmThatOutlivesItsTimeoutAndReportsItsOutputAndThreads() {
    ForkedJvm jvm =
        ForkedJvm.main(ScriptedMain.class)
            .args("out:started", "sleep:600000")
            .timeout(Duration.ofSeconds(3));

    assertThatThrownBy(jvm::run)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not exit within PT3S")
        .hasMessageContaining("started")
        // the thread dump asked for before the kill
        .hasMessageContaining("\"main\"");
  }

  @Test
  void startsALongRunningJvmWaitsForItsOutputAndStopsIt() {
    try (ForkedJvm.Started app =
        ForkedJvm.main(ScriptedMain.class).args("out:ready", "sleep:600000").start()) {
      app.awaitOutput("ready", Duration.ofSeconds(30));
      assertThat(app.isAlive()).isTrue();

      ForkedJvm.Result result = app.stop();

      assertThat(app.isAlive()).isFalse();
      assertThat(result.stdout()).contains("ready");
      // SIGTERM: the JVM exits through its shutdown sequence with 128 + 15.
      assertThat(result.exitCode()).isEqualTo(143);
    }
  }

  @Test
  void failsAtOnceWhenTheAwaitedOutputCannotComeAnymore() {
    try (ForkedJvm.Started app =
        ForkedJvm.main(ScriptedMain.class).args("out:something else", "exit:0").start()) {
      assertThatThrownBy(() -> app.awaitOutput("ready", Duration.ofMinutes(1)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("ended without printing 'ready'")
          .hasMessageContaining("something else");
    }
  }
}
