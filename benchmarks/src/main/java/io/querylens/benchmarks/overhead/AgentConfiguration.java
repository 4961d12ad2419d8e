package io.querylens.benchmarks.overhead;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The five configurations of issue 5: what is attached and whether it exports. */
enum AgentConfiguration {
  NONE("none", Agent.NONE, false),
  QUERYLENS("querylens", Agent.QUERYLENS, true),
  QUERYLENS_EXPORT_OFF("querylens_export_off", Agent.QUERYLENS, false),
  OTEL_EXPORT_OFF("otel_export_off", Agent.OTEL, false),
  OTEL("otel", Agent.OTEL, true);

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

  String label() {
    return label;
  }

  Agent agent() {
    return agent;
  }

  boolean exports() {
    return exports;
  }

  /** The JVM flags of this configuration; defaults otherwise (the sampler stays on for ours). */
  List<String> jvmFlags(Path queryLensJar, Path otelJar, String otlpEndpoint) {
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
    if (exports) {
      flags.add("-Dotel.exporter.otlp.endpoint=" + otlpEndpoint);
      flags.add("-Dotel.exporter.otlp.protocol=http/protobuf");
    } else {
      flags.add("-Dotel.traces.exporter=none");
      flags.add("-Dotel.metrics.exporter=none");
      flags.add("-Dotel.logs.exporter=none");
    }
    return flags;
  }

  static AgentConfiguration byLabel(String label) {
    for (AgentConfiguration configuration : values()) {
      if (configuration.label.equals(label)) {
        return configuration;
      }
    }
    throw new IllegalArgumentException(
        "unknown configuration '"
            + label
            + "': none, querylens, querylens_export_off, otel_export_off, otel");
  }
}
