package io.querylens.benchmarks.apps;

/**
 * One start of the Spring application: Spring's own "Started ... in" seconds, JVM start to ready
 * and to its first request served, the process CPU spent by ready, and (on the start that ran the
 * HTTP load, else NaN) process CPU per request of that load.
 */
record SpringResult(
    double startedInSeconds,
    double readySeconds,
    double firstRequestSeconds,
    double cpuSecondsAtReady,
    double cpuMicrosPerRequest,
    double requestsPerSecond) {

  /** Seconds from a line such as {@code Started ShopApplication in 4.12 seconds (...)}. */
  static double startedIn(String line) {
    int in = line.indexOf(" in ") + 4;
    return Double.parseDouble(line.substring(in, line.indexOf(' ', in)));
  }

  /** The value of {@code name=} in a {@code READY}/{@code FIRST_REQUEST} line. */
  static long field(String line, String name) {
    int at = line.indexOf(name + "=") + name.length() + 1;
    int end = line.indexOf(' ', at);
    return Long.parseLong(end < 0 ? line.substring(at) : line.substring(at, end));
  }
}
