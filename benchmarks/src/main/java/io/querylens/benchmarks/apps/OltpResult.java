package io.querylens.benchmarks.apps;

import io.querylens.benchmarks.overhead.OtlpCounter;
import io.querylens.benchmarks.overhead.ResultLine;
import java.util.Map;

/** One order-entry JVM's {@code WHOLE} and {@code STEADY} lines, plus what the receiver got. */
record OltpResult(
    double wholeCpuSeconds,
    long wholeTransactions,
    long firstTransactionMillis,
    long steadyTransactions,
    double throughput,
    long steadyCpuNanos,
    long p50Nanos,
    long p99Nanos,
    long aborted,
    OtlpCounter.Received received) {

  static OltpResult parse(String whole, String steady, OtlpCounter.Received received) {
    Map<String, String> w = ResultLine.fields(whole);
    Map<String, String> s = ResultLine.fields(steady);
    return new OltpResult(
        Long.parseLong(w.get("process_cpu_ns")) / 1e9,
        Long.parseLong(w.get("transactions")),
        Long.parseLong(w.get("first_transaction_ms")),
        Long.parseLong(s.get("transactions")),
        Double.parseDouble(s.get("throughput")),
        Long.parseLong(s.get("process_cpu_ns")),
        Long.parseLong(s.get("p50_ns")),
        Long.parseLong(s.get("p99_ns")),
        Long.parseLong(s.get("aborted")),
        received);
  }

  /** Process CPU per completed transaction in the steady window, in microseconds. */
  double steadyCpuMicrosPerTransaction() {
    return steadyCpuNanos / 1e3 / steadyTransactions;
  }
}
