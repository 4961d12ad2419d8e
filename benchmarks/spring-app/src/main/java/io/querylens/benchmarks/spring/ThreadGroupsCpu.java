package io.querylens.benchmarks.spring;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * This process's CPU by kind of thread, as Linux counts it in {@code /proc/self/task}: the JVM's
 * own threads (the JIT's compilers, the collector) included, which no Java API sees. Where a
 * start-up's extra CPU went is read from here. Empty where there is no {@code /proc}.
 */
final class ThreadGroupsCpu {

  /** Linux's clock ticks a second ({@code getconf CLK_TCK}), 100 on every common kernel. */
  private static final int TICKS_PER_SECOND = 100;

  private ThreadGroupsCpu() {}

  /** {@code group=milliseconds} pairs, largest groups first in no particular order beyond that. */
  static String describe() {
    Map<String, Long> byGroup = new TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        String stat = Files.readString(task.resolve("stat"));
        int nameStart = stat.indexOf('(');
        int nameEnd = stat.lastIndexOf(')');
        String[] fields = stat.substring(nameEnd + 2).split(" ");
        // After the name: state is field 3 of stat(5); utime and stime are fields 14 and 15.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        byGroup.merge(group(stat.substring(nameStart + 1, nameEnd)), ticks, Long::sum);
      }
    } catch (IOException | RuntimeException unreadable) {
      return "";
    }
    StringBuilder line = new StringBuilder();
    byGroup.forEach(
        (group, ticks) ->
            line.append(' ').append(group).append('=').append(ticks * 1000 / TICKS_PER_SECOND));
    return line.toString().trim();
  }

  /** Thread names cut to 15 characters by Linux, folded into groups worth comparing. */
  private static String group(String name) {
    if (name.startsWith("C2 Compiler")) {
      return "jit_c2";
    }
    if (name.startsWith("C1 Compiler")) {
      return "jit_c1";
    }
    if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
      return "gc";
    }
    if (name.startsWith("querylens")
        || name.startsWith("OkHttp")
        || name.startsWith("BatchSpan")
        || name.startsWith("PeriodicMetric")
        || name.startsWith("BatchLog")) {
      return "agent_threads";
    }
    if (name.equals("java") || name.equals("main")) {
      return "main";
    }
    return "other";
  }
}
