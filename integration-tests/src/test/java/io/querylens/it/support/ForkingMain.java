package io.querylens.it.support;

/**
 * Forks {@link ScriptedMain} through {@link ForkedJvm} from a JVM whose own environment carries
 * {@code OTEL_*} and {@code JAVA_TOOL_OPTIONS}, and relays what the grandchild saw: the only way to
 * test the environment filter, since a JVM cannot change its own environment.
 */
public final class ForkingMain {

  private ForkingMain() {}

  public static void main(String[] args) {
    ForkedJvm.Result grandchild =
        ForkedJvm.main(ScriptedMain.class)
            .args(
                "env:OTEL_EXPORTER_OTLP_ENDPOINT", "env:JAVA_TOOL_OPTIONS", "prop:querylens.leaked")
            .run();
    System.out.print(grandchild.stdout());
    System.err.print(grandchild.stderr());
    System.exit(grandchild.exitCode());
  }
}
