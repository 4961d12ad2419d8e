package io.querylens.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Java main class in a new JVM, the way a user runs an application: {@code java
 * [-javaagent:...] [-D...] -cp ... Main args}. The child starts from this JVM's environment minus
 * every variable that would configure it behind the test's back ({@code OTEL_*}, {@code
 * JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS}, {@code _JAVA_OPTIONS}), so a test sees only what it
 * set.
 *
 * <pre>{@code
 * ForkedJvm.Result result =
 *     ForkedJvm.main("io.querylens.it.app.SomeApp")
 *         .javaagent(ForkedJvm.agentJar())
 *         .sampleAppClasspath()
 *         .systemProperties(receiver.exporterSettings(Transport.HTTP))
 *         .args(postgres.jdbcUrl())
 *         .run();
 * }</pre>
 */
public final class ForkedJvm {

  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  /** Environment variables that configure a JVM or an OpenTelemetry SDK from outside. */
  private static final List<String> INHERITED_JVM_OPTIONS =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private final String mainClass;
  private Path javaHome = Path.of(System.getProperty("java.home"));
  private String javaagent;
  private final List<Path> classpath = new ArrayList<>();
  private final Map<String, String> systemProperties = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> jvmArgs = new ArrayList<>();
  private final List<String> args = new ArrayList<>();
  private Path workingDirectory;
  private Duration timeout = DEFAULT_TIMEOUT;

  private ForkedJvm(String mainClass) {
    this.mainClass = mainClass;
  }

  /** A JVM that will run {@code mainClass}. */
  public static ForkedJvm main(String mainClass) {
    return new ForkedJvm(mainClass);
  }

  /** A JVM that will run an executable jar ({@code java -jar}), as Spring Boot services run. */
  public static ForkedJvm executableJar(Path jar) {
    return new ForkedJvm("-jar").args(jar.toString());
  }

  /** The order-entry Spring Boot service of the benchmarks ({@code querylens.spring.app.jar}). */
  public static Path springAppJar() {
    return existing(
        "querylens.spring.app.jar", "the benchmarks/spring-app module's package phase builds it");
  }

  /**
   * A JVM that will run {@code mainClass}, with the directory or jar holding it on its class path.
   */
  public static ForkedJvm main(Class<?> mainClass) {
    return new ForkedJvm(mainClass.getName()).classpathOf(mainClass);
  }

  // ---- well-known locations, set by failsafe in integration-tests/pom.xml ----

  /** The built agent jar ({@code querylens.agent.jar}); fails clearly when it was not built. */
  public static Path agentJar() {
    return existing("querylens.agent.jar", "the agent module's package phase builds it");
  }

  /** The Java 25 installation ({@code querylens.java25.home}), if this machine has one. */
  public static Optional<Path> java25Home() {
    String home = System.getProperty("querylens.java25.home");
    if (home == null || home.isBlank() || !Files.isExecutable(Path.of(home, "bin", "java"))) {
      return Optional.empty();
    }
    return Optional.of(Path.of(home));
  }

  // ---- how to run ----

  /** The JDK or JRE to run with; by default the one running the tests. */
  public ForkedJvm javaHome(Path home) {
    this.javaHome = home;
    return this;
  }

  /** Attaches {@code agentJar} with {@code -javaagent}. */
  public ForkedJvm javaagent(Path agentJar) {
    this.javaagent = agentJar.toAbsolutePath().toString();
    return this;
  }

  /** Attaches {@code agentJar} with {@code -javaagent:jar=options}. */
  public ForkedJvm javaagent(Path agentJar, String options) {
    this.javaagent = agentJar.toAbsolutePath() + "=" + options;
    return this;
  }

  /** Appends directories or jars to the class path. */
  public ForkedJvm classpath(Path... entries) {
    for (Path entry : entries) {
      classpath.add(entry.toAbsolutePath());
    }
    return this;
  }

  /** Appends the directory or jar that {@code type} was loaded from. */
  public ForkedJvm classpathOf(Class<?> type) {
    try {
      return classpath(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the class path entry of " + type, e);
    }
  }

  /**
   * Appends the sample applications: {@code querylens.app.classes} (integration-tests'
   * target/classes) and every jar in {@code querylens.app.libs} (JDBC drivers, HikariCP).
   */
  public ForkedJvm sampleAppClasspath() {
    classpath(existing("querylens.app.classes", "integration-tests' compile phase builds it"));
    return classpath(jarsIn(existing("querylens.app.libs", "the build copies them there")));
  }

  /**
   * Appends the jars of {@code querylens.app.bundled.libs}: an OpenTelemetry SDK and a Byte Buddy
   * of other versions than the agent's, as an application that bundles its own would have.
   */
  public ForkedJvm bundledLibsClasspath() {
    return classpath(jarsIn(existing("querylens.app.bundled.libs", "the build copies them there")));
  }

  /**
   * Appends the jars of {@code querylens.app.more.libs}: HSQLDB, Derby, SQLite, and the pools and
   * wrappers (DBCP2, Tomcat JDBC, c3p0, p6spy, datasource-proxy) the drivers' tests run with.
   */
  public ForkedJvm moreDriversAndPoolsClasspath() {
    return classpath(jarsIn(existing("querylens.app.more.libs", "the build copies them there")));
  }

  /**
   * Appends the jars of {@code querylens.app.otel.libs}: the OpenTelemetry API, SDK and OTLP
   * exporter of the build's own version, as an application tracing with its own SDK has them.
   */
  public ForkedJvm openTelemetrySdkClasspath() {
    return classpath(jarsIn(existing("querylens.app.otel.libs", "the build copies them there")));
  }

  /**
   * Appends library mode as an application has it: the library's jar and those of the modules it
   * depends on ({@code querylens.library.jars}, built in the same reactor run), and the
   * OpenTelemetry SDK, autoconfiguration and OTLP exporter of {@code querylens.app.otel.libs}.
   */
  public ForkedJvm libraryClasspath() {
    String jars = System.getProperty("querylens.library.jars");
    if (jars == null || jars.isBlank()) {
      throw new IllegalStateException(
          "querylens.library.jars is not set (integration-tests/pom.xml)");
    }
    for (String jar : jars.split(",")) {
      Path path = Path.of(jar.trim());
      if (!Files.isRegularFile(path)) {
        throw new IllegalStateException(
            path + " is missing: package the library and its modules in the same reactor run");
      }
      classpath(path);
    }
    return openTelemetrySdkClasspath();
  }

  /** The OpenTelemetry Java agent's jar ({@code querylens.otel.javaagent}). */
  public static Path openTelemetryJavaagent() {
    return existing("querylens.otel.javaagent", "the build copies it there");
  }

  public ForkedJvm systemProperty(String key, String value) {
    systemProperties.put(key, value);
    return this;
  }

  public ForkedJvm systemProperties(Map<String, String> properties) {
    systemProperties.putAll(properties);
    return this;
  }

  /** Sets an environment variable; may deliberately set an {@code OTEL_*} one. */
  public ForkedJvm env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Adds a JVM option such as {@code -Xmx256m}, placed before the main class. */
  public ForkedJvm jvmArg(String option) {
    jvmArgs.add(option);
    return this;
  }

  /** Appends program arguments, placed after the main class. */
  public ForkedJvm args(String... values) {
    args.addAll(List.of(values));
    return this;
  }

  public ForkedJvm workingDirectory(Path directory) {
    this.workingDirectory = directory;
    return this;
  }

  /** How long {@link #run()} waits for the exit before it kills the process; default 2 minutes. */
  public ForkedJvm timeout(Duration limit) {
    this.timeout = limit;
    return this;
  }

  /** The command line that {@link #run()} and {@link #start()} execute. */
  public List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(javaHome.resolve("bin").resolve("java").toString());
    command.addAll(jvmArgs);
    if (javaagent != null) {
      command.add("-javaagent:" + javaagent);
    }
    for (Map.Entry<String, String> property : systemProperties.entrySet()) {
      command.add("-D" + property.getKey() + "=" + property.getValue());
    }
    if (!classpath.isEmpty()) {
      command.add("-cp");
      StringBuilder joined = new StringBuilder();
      for (Path entry : classpath) {
        if (joined.length() > 0) {
          joined.append(java.io.File.pathSeparatorChar);
        }
        joined.append(entry);
      }
      command.add(joined.toString());
    }
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * Runs the JVM to completion. On timeout it kills the process tree and fails with everything the
   * process printed (plus a thread dump, asked for just before the kill).
   */
  public Result run() {
    return start().awaitExit(timeout);
  }

  /** Starts the JVM and returns at once, for an application that runs until stopped. */
  public Started start() {
    List<String> command = command();
    ProcessBuilder builder = new ProcessBuilder(command);
    hermetic(builder.environment());
    builder.environment().putAll(environment);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    try {
      return new Started(command, builder.start(), Charset.defaultCharset());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + String.join(" ", command), e);
    }
  }

  private static void hermetic(Map<String, String> environment) {
    environment.keySet().removeIf(name -> name.startsWith("OTEL_"));
    environment.keySet().removeAll(INHERITED_JVM_OPTIONS);
  }

  private static Path existing(String property, String whereItComesFrom) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property "
              + property
              + " is not set; failsafe sets it (integration-tests/pom.xml)");
    }
    Path path = Path.of(value);
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          property + " points at " + path + ", which does not exist; " + whereItComesFrom);
    }
    return path;
  }

  private static Path[] jarsIn(Path directory) {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.jar")) {
      entries.forEach(jars::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list jars in " + directory, e);
    }
    jars.sort(null); // a stable class path order makes runs repeatable
    return jars.toArray(new Path[0]);
  }

  /** What a finished JVM left behind. */
  public record Result(
      List<String> command, int exitCode, String stdout, String stderr, Duration wallTime) {

    /** The first line of stdout starting with {@code prefix}; fails with the output when none. */
    public String stdoutLine(String prefix) {
      return stdout()
          .lines()
          .filter(line -> line.startsWith(prefix))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no line " + prefix + " in\n" + this));
    }

    /** Returns this result, or fails with the whole output when the exit code is not 0. */
    public Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("the forked JVM exited with " + exitCode + "\n" + this);
      }
      return this;
    }

    @Override
    public String toString() {
      return "command: "
          + String.join(" ", command)
          + "\nexit code: "
          + exitCode
          + " after "
          + wallTime.toMillis()
          + " ms\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  /** A JVM that is running; closing it stops it (SIGTERM, then SIGKILL after a grace period). */
  public static final class Started implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration DUMP_WAIT = Duration.ofSeconds(2);

    private final List<String> command;
    private final Process process;
    private final long startNanos = System.nanoTime();
    private final CapturedOutput stdout;
    private final CapturedOutput stderr;

    private Started(List<String> command, Process process, Charset charset) {
      this.command = command;
      this.process = process;
      this.stdout = new CapturedOutput(process.getInputStream(), charset, "stdout-" + pid());
      this.stderr = new CapturedOutput(process.getErrorStream(), charset, "stderr-" + pid());
      closeQuietly(process);
    }

    /** The child reads no input: a closed stdin makes a read return end-of-file, not hang. */
    private static void closeQuietly(Process process) {
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // Nothing to close then.
      }
    }

    public long pid() {
      return process.pid();
    }

    public boolean isAlive() {
      return process.isAlive();
    }

    /** What the process printed to stdout so far. */
    public String stdout() {
      return stdout.text();
    }

    /** What the process printed to stderr so far. */
    public String stderr() {
      return stderr.text();
    }

    /**
     * Waits until stdout or stderr contains {@code substring}; fails with the output so far when
     * the process exits first or {@code timeout} passes (the process keeps running then).
     */
    public Started awaitOutput(String substring, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!stdout.contains(substring) && !stderr.contains(substring)) {
        if (stdout.ended() && stderr.ended()) {
          throw new AssertionError(
              "the forked JVM ended without printing '" + substring + "'\n" + snapshot());
        }
        if (System.nanoTime() >= deadline) {
          throw new AssertionError(
              "the forked JVM did not print '"
                  + substring
                  + "' within "
                  + timeout
                  + "\n"
                  + snapshot());
        }
        sleep(Duration.ofMillis(20));
      }
      return this;
    }

    /**
     * Waits for the exit; on timeout asks for a thread dump, kills the process tree and fails with
     * everything it printed.
     */
    public Result awaitExit(Duration timeout) {
      if (!waitFor(timeout)) {
        requestThreadDump();
        killTree();
        throw new AssertionError(
            "the forked JVM did not exit within " + timeout + " and was killed\n" + finish());
      }
      return finish();
    }

    /**
     * Stops the process as an orderly shutdown does (SIGTERM, so shutdown hooks run and exporters
     * flush), killing it only if it is still alive after a grace period.
     */
    public Result stop() {
      if (process.isAlive()) {
        process.destroy();
        if (!waitFor(STOP_GRACE)) {
          requestThreadDump();
          killTree();
        }
      }
      return finish();
    }

    /** Kills the process tree at once (SIGKILL): no shutdown hook runs, as in a crash. */
    public Result kill() {
      killTree();
      return finish();
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        stop();
      }
    }

    private boolean waitFor(Duration timeout) {
      try {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        killTree();
        throw new AssertionError("interrupted while waiting for the forked JVM", e);
      }
    }

    /** Reaps the process and reads its pipes to the end. */
    private Result finish() {
      waitFor(STOP_GRACE);
      Duration wallTime = Duration.ofNanos(System.nanoTime() - startNanos);
      int exitCode = process.isAlive() ? -1 : process.exitValue();
      return new Result(
          command, exitCode, stdout.awaitEnd(STOP_GRACE), stderr.awaitEnd(STOP_GRACE), wallTime);
    }

    private String snapshot() {
      return "command: "
          + String.join(" ", command)
          + "\n--- stdout ---\n"
          + stdout()
          + "\n--- stderr ---\n"
          + stderr();
    }

    /** SIGQUIT makes a HotSpot JVM print every thread's stack to stdout: it shows what hung. */
    private void requestThreadDump() {
      if (!process.isAlive()) {
        return;
      }
      try {
        new ProcessBuilder("kill", "-QUIT", Long.toString(pid())).start().waitFor();
        sleep(DUMP_WAIT);
      } catch (IOException e) {
        // No kill command: the output without a dump still tells most of the story.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void killTree() {
      // Children first: once the parent dies they are re-parented and no longer its descendants.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }

    private static void sleep(Duration duration) {
      try {
        Thread.sleep(duration.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for the forked JVM", e);
      }
    }
  }
}
