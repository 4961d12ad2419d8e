package io.querylens.benchmarks.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One started Spring Boot JVM: its output, read as it comes, and waited on line by line. */
final class SpringProcess implements AutoCloseable {

  private final Process process;
  private final List<String> command;
  private final Path log;
  private final List<String> output = new ArrayList<>();
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private SpringProcess(Process process, List<String> command, Path log) {
    this.process = process;
    this.command = command;
    this.log = log;
    Thread reader = new Thread(this::read, "spring-app-output");
    reader.setDaemon(true);
    reader.start();
  }

  static SpringProcess start(List<String> command, Path log) throws IOException {
    return new SpringProcess(
        new ProcessBuilder(command).redirectErrorStream(true).start(), command, log);
  }

  /** The first line from now on that contains {@code marker}. */
  String await(String marker, long timeoutSeconds) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line != null && line.contains(marker)) {
        return line;
      }
      if (line == null && (System.nanoTime() >= deadline || !process.isAlive())) {
        writeLog();
        throw new IllegalStateException(
            "no '" + marker + "' from the Spring application; its output is in " + log);
      }
    }
  }

  @Override
  public void close() throws InterruptedException, IOException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    writeLog();
  }

  private void read() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (output) {
          output.add(line);
        }
        lines.add(line);
      }
    } catch (IOException ended) {
      // the process is gone; what it said is kept
    }
  }

  private void writeLog() throws IOException {
    List<String> text = new ArrayList<>();
    text.add(String.join(" ", command));
    synchronized (output) {
      text.addAll(output);
    }
    Files.write(log, text, StandardCharsets.UTF_8);
  }
}
