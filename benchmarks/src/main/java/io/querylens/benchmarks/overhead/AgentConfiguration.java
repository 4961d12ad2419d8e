package io.querylens.benchmarks.overhead;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The five configurations of issue 5 (what is attached and whether it exports); QueryLens exporting
 * every execution's span, its per-shape span budget off, to compare like with like; and one fault:
 * QueryLens exporting to a collector that is down (a closed port), for the hardening issue's "the
 * application's throughput is unaffected" (not run by default: {@code --configs} names it).
 */
public enum AgentConfiguration {
  NONE("none", Agent.NONE, false),
  QUERYLENS("querylens", Agent.QUERYLENS, true),
  QUERYLENS_EXPORT_OFF("querylens_export_off", Agent.QUERYLENS, false),
  /**
   * Every execution exported as a span (no per-shape budget): what the OpenTelemetry agent does.
   */
  QUERYLENS_EVERY_SPAN("querylens_every_span", Agent.QUERYLENS, true),
  OTEL_EXPORT_OFF("otel_export_off", Agent.OTEL, false),
  OTEL("otel", Agent.OTEL, true),
  QUERYLENS_COLLECTOR_DOWN("querylens_collector_down", Agent.QUERYLENS, true),
  /**
   * Exporting, with the application's trace carried into PostgreSQL ({@code
   * trace-context.application-name}); only {@code pk_select_traced} runs inside traces.
   */
  QUERYLENS_TRACE_CONTEXT("querylens_trace_context", Agent.QUERYLENS, true),
  /** QueryLens exporting, its result sets left uncounted: what counting rows costs (issue 18). */
  QUERYLENS_ROWS_OFF("querylens_rows_off", Agent.QUERYLENS, true),
  /**
   * QueryLens exporting, the N+1 watch off ({@code n-plus-one.threshold=0}): what following each
   * statement's database transaction costs (issue 18).
   */
  QUERYLENS_N_PLUS_ONE_OFF("querylens_n_plus_one_off", Agent.QUERYLENS, true),
  /**
   * Exporting, with plain statements sent with the trailing traceparent comment ({@code
   * trace-context.sql-comment}); only {@code plain_select_traced} runs plain statements in traces.
   */
  QUERYLENS_TRACE_COMMENT("querylens_trace_comment", Agent.QUERYLENS, true);

  /** Which agent jar a configuration attaches. */
  enum Agent {
    NONE,
    QUERYLENS,
    OTEL
  }

  private final String label;
  private final Agent agent;
  private final boolean exports;

  AgentConfiguration(String label, Agent agent, boolean exports) {
    this.label = label;
    this.agent = agent;
    this.exports = exports;
  }

  public String label() {
    return label;
  }

  Agent agent() {
    return agent;
  }

  boolean exports() {
    return exports;
  }

  /** Exports to the benchmark's receiver, which then accounts for what arrived. */
  boolean exportsToReceiver() {
    return exports && this != QUERYLENS_COLLECTOR_DOWN;
  }

  /** The JVM flags of this configuration; defaults otherwise (the sampler stays on for ours). */
  public List<String> jvmFlags(Path queryLensJar, Path otelJar, String otlpEndpoint) {
    List<String> flags = new ArrayList<>();
    switch (agent) {
      case QUERYLENS:
        flags.add("-javaagent:" + queryLensJar);
        break;
      case OTEL:
        flags.add("-javaagent:" + otelJar);
        flags.add("-Dotel.semconv-stability.opt-in=database");
        break;
      default:
        return flags;
    }
    if (this == QUERYLENS_TRACE_CONTEXT) {
      flags.add("-Dotel.instrumentation.querylens.trace-context.application-name=true");
    }
    if (this == QUERYLENS_TRACE_COMMENT) {
      flags.add("-Dotel.instrumentation.querylens.trace-context.sql-comment=true");
    }
    if (this == QUERYLENS_ROWS_OFF) {
      flags.add("-Dotel.instrumentation.querylens.rows.enabled=false");
    }
    if (this == QUERYLENS_N_PLUS_ONE_OFF) {
      flags.add("-Dotel.instrumentation.querylens.n-plus-one.threshold=0");
    }
    if (this == QUERYLENS_EVERY_SPAN) {
      flags.add("-Dotel.instrumentation.querylens.spans.per-shape-per-second=0");
    }
    if (this == QUERYLENS_COLLECTOR_DOWN) {
      flags.add("-Dotel.exporter.otlp.endpoint=http://127.0.0.1:" + closedPort());
      flags.add("-Dotel.exporter.otlp.protocol=http/protobuf");
    } else if (exports) {
      flags.add("-Dotel.exporter.otlp.endpoint=" + otlpEndpoint);
      flags.add("-Dotel.exporter.otlp.protocol=http/protobuf");
    } else {
      flags.add("-Dotel.traces.exporter=none");
      flags.add("-Dotel.metrics.exporter=none");
      flags.add("-Dotel.logs.exporter=none");
    }
    return flags;
  }

  /** A port nothing listens on: bound for a moment, then closed. */
  private static int closedPort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("no free port for the collector that is down", e);
    }
  }

  public static AgentConfiguration byLabel(String label) {
    for (AgentConfiguration configuration : values()) {
      if (configuration.label.equals(label)) {
        return configuration;
      }
    }
    throw new IllegalArgumentException(
        "unknown configuration '"
            + label
            + "': none, querylens, querylens_export_off, querylens_every_span, otel_export_off,"
            + " otel, querylens_collector_down, querylens_trace_context, querylens_rows_off,"
            + " querylens_trace_comment");
  }
}
