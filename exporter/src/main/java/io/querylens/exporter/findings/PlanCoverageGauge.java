package io.querylens.exporter.findings;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.querylens.core.insight.PlanCoverage;
import io.querylens.core.pg.ServerKey;
import io.querylens.exporter.DatabaseObjectAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code querylens.plans.shapes}: the statement shapes seen on each sampled server by where the
 * slow plan refresh stands with them ({@code state}: {@code planned}, {@code waiting}, {@code
 * failed}, {@code left_out}), so what is not planned is counted. One series per server and state;
 * servers are as few as the sampler samples.
 */
final class PlanCoverageGauge {

  static final String NAME = "querylens.plans.shapes";

  private static final AttributeKey<String> STATE = AttributeKey.stringKey("state");
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  private final DatabaseObjectAttributes names;
  private final Map<ServerKey, Latest> latest = new ConcurrentHashMap<>();

  private record Latest(String database, PlanCoverage coverage) {}

  PlanCoverageGauge(OpenTelemetry openTelemetry, DatabaseObjectAttributes names) {
    this.names = names;
    openTelemetry
        .getMeter(FindingsExporter.INSTRUMENTATION_SCOPE)
        .gaugeBuilder(NAME)
        .ofLongs()
        .setUnit("{shape}")
        .setDescription(
            "Statement shapes seen, by whether the plan refresh has planned them (planned), has"
                + " them still to plan (waiting), could not plan them (failed) or keeps no"
                + " schedule for them (left_out).")
        .buildWithCallback(
            gauge ->
                latest.forEach(
                    (server, seen) -> {
                      PlanCoverage coverage = seen.coverage();
                      gauge.record(coverage.planned(), attributes(server, seen, "planned"));
                      gauge.record(coverage.waiting(), attributes(server, seen, "waiting"));
                      gauge.record(coverage.failed(), attributes(server, seen, "failed"));
                      gauge.record(coverage.leftOut(), attributes(server, seen, "left_out"));
                    }));
  }

  void publish(ServerKey server, String database, PlanCoverage coverage) {
    latest.put(server, new Latest(database, coverage));
  }

  private Attributes attributes(ServerKey server, Latest seen, String state) {
    AttributesBuilder attributes =
        Attributes.builder()
            .put(STATE, state)
            .put(SERVER_ADDRESS, server.address())
            .put(SERVER_PORT, (long) server.port());
    names.database(attributes, seen.database());
    return attributes.build();
  }
}
