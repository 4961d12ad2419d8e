package io.querylens.benchmarks.overhead;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CPU time of every live Java thread, grouped by name with digits removed ({@code
 * okhttp-dispatch-#}), so a run can say which threads an agent's cost lands on.
 */
public final class ThreadCpu {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Names as seen at a snapshot: a thread that ends before the report is still named. */
  private static final Map<Long, String> NAMES = new HashMap<>();

  private ThreadCpu() {}

  public static Map<Long, Long> snapshot() {
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long nanos = THREADS.getThreadCpuTime(id);
      if (nanos >= 0) {
        cpu.put(id, nanos);
        ThreadInfo info = THREADS.getThreadInfo(id);
        if (info != null) {
          NAMES.put(id, group(info.getThreadName()));
        }
      }
    }
    return cpu;
  }

  /**
   * CPU of Java threads between two snapshots, but the {@code excluded} ones; a thread born in
   * between counts from zero.
   */
  static long total(Map<Long, Long> start, Map<Long, Long> end, Set<Long> excluded) {
    long sum = 0;
    for (Map.Entry<Long, Long> thread : end.entrySet()) {
      if (!excluded.contains(thread.getKey())) {
        sum += thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
      }
    }
    return sum;
  }

  /** {@code group=nanos} pairs sorted by group name, but for the {@code excluded} threads. */
  public static String byGroup(Map<Long, Long> start, Map<Long, Long> end, Set<Long> excluded) {
    Map<String, Long> groups = new TreeMap<>();
    for (Map.Entry<Long, Long> thread : end.entrySet()) {
      if (excluded.contains(thread.getKey())) {
        continue;
      }
      String name = NAMES.getOrDefault(thread.getKey(), "unnamed");
      long nanos = thread.getValue() - start.getOrDefault(thread.getKey(), 0L);
      groups.merge(name, nanos, Long::sum);
    }
    return format(groups);
  }

  /** {@code group=nanos} pairs in the map's order, but for groups that took no CPU. */
  static String format(Map<String, Long> groups) {
    StringBuilder line = new StringBuilder();
    for (Map.Entry<String, Long> group : groups.entrySet()) {
      if (group.getValue() > 0) {
        line.append(line.length() == 0 ? "" : " ")
            .append(group.getKey())
            .append('=')
            .append(group.getValue());
      }
    }
    return line.toString();
  }

  static String group(String name) {
    StringBuilder group = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isDigit(c)) {
        if (group.length() == 0 || group.charAt(group.length() - 1) != '#') {
          group.append('#');
        }
      } else if (c == ' ' || c == '=') {
        group.append('_');
      } else {
        group.append(c);
      }
    }
    return group.toString();
  }
}
