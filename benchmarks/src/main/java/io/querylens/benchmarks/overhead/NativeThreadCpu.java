package io.querylens.benchmarks.overhead;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of every thread of this process as Linux sees it, named as the JVM named them ({@code C2
 * CompilerThre}, {@code GC Thread#0}, {@code VM Thread}). The JVM's management beans hide its own
 * threads, so without this the JIT's and the collector's share of an agent's cost is one lump. Read
 * from {@code /proc/self/task/<tid>/schedstat}, whose first field is nanoseconds on a CPU. Empty
 * where there is no {@code /proc}.
 */
final class NativeThreadCpu {

  private static final Path TASKS = Paths.get("/proc/self/task");

  /** Names as seen at the latest snapshot: threads rename themselves (OkHttp's do). */
  private static final Map<String, String> NAMES = new HashMap<>();

  private NativeThreadCpu() {}

  /** Thread id to nanoseconds on a CPU, one entry per live thread. */
  static Map<String, Long> snapshot() {
    Map<String, Long> cpu = new HashMap<>();
    if (!Files.isDirectory(TASKS)) {
      return cpu;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String schedstat = Files.readString(task.resolve("schedstat"), StandardCharsets.UTF_8);
          String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).trim();
          long nanos = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
          String id = task.getFileName().toString();
          cpu.put(id, nanos);
          NAMES.put(id, ThreadCpu.group(name));
        } catch (IOException | RuntimeException e) {
          // The thread ended between the listing and the read: it has nothing more to add.
        }
      }
    } catch (IOException e) {
      return new HashMap<>();
    }
    return cpu;
  }

  /** {@code name=nanos} pairs of every thread, Java threads under their 15-char names, sorted. */
  static String byGroup(Map<String, Long> start, Map<String, Long> end) {
    Map<String, Long> groups = new TreeMap<>();
    for (Map.Entry<String, Long> thread : end.entrySet()) {
      long nanos = thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
      if (nanos > 0) {
        groups.merge(NAMES.getOrDefault(thread.getKey(), "unnamed"), nanos, Long::sum);
      }
    }
    return ThreadCpu.format(groups);
  }
}
