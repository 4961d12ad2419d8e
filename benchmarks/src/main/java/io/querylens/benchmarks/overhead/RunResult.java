package io.querylens.benchmarks.overhead;

import java.util.Map;

/** One workload JVM's {@code RESULT} line plus what the receiver got from it. */
record RunResult(
    long statements,
    long totalStatements,
    double throughput,
    long processCpuNanos,
    long workerCpuNanos,
    long workerAllocatedBytes,
    long p50Nanos,
    long p99Nanos,
    long startToFirstMillis,
    long heapAfterGcBytes,
    OtlpCounter.Received received) {

  static RunResult parse(String line, OtlpCounter.Received received) {
    Map<String, String> fields = ResultLine.fields(line);
    return new RunResult(
        Long.parseLong(fields.get("statements")),
        Long.parseLong(fields.get("total_statements")),
        Double.parseDouble(fields.get("throughput")),
        Long.parseLong(fields.get("process_cpu_ns")),
        Long.parseLong(fields.get("worker_cpu_ns")),
        Long.parseLong(fields.get("worker_allocated_bytes")),
        Long.parseLong(fields.get("p50_ns")),
        Long.parseLong(fields.get("p99_ns")),
        Long.parseLong(fields.get("start_to_first_ms")),
        Long.parseLong(fields.get("heap_after_gc_bytes")),
        received);
  }

  double processCpuMicrosPerStatement() {
    return processCpuNanos / 1e3 / statements;
  }

  double workerCpuMicrosPerStatement() {
    return workerCpuNanos / 1e3 / statements;
  }

  double allocatedBytesPerStatement() {
    return (double) workerAllocatedBytes / statements;
  }
}
