package io.querylens.exporter.findings;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.querylens.core.insight.ShapePlan;
import io.querylens.core.pg.ServerKey;
import io.querylens.exporter.DatabaseObjectAttributes;
import java.util.List;

/**
 * Each statement shape's generic plan as one log-record event, {@code querylens.query_plan}, when a
 * planning round reads it for the first time or finds it changed: the plan JSON as the body (at
 * most {@link ShapePlan#MAX_PLAN_CHARS}; a larger plan goes without it), with the shape's
 * fingerprint, {@code postgresql.query_id}, the plan hash and the indexes it scans. Bounded: a
 * round plans a few shapes, and an unchanged plan is not sent again.
 */
final class QueryPlanEvents {

  static final String EVENT = "querylens.query_plan";

  private static final AttributeKey<String> FINGERPRINT =
      AttributeKey.stringKey("querylens.query.fingerprint");
  private static final AttributeKey<Long> QUERY_ID = AttributeKey.longKey("postgresql.query_id");
  private static final AttributeKey<String> PLAN_HASH =
      AttributeKey.stringKey("querylens.plan.hash");
  private static final AttributeKey<List<String>> INDEXES =
      AttributeKey.stringArrayKey("querylens.plan.indexes");
  private static final AttributeKey<Double> COST = AttributeKey.doubleKey("querylens.plan.cost");
  private static final AttributeKey<Boolean> TOO_LARGE =
      AttributeKey.booleanKey("querylens.plan.too_large");
  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  private final Logger logger;
  private final DatabaseObjectAttributes names;

  QueryPlanEvents(OpenTelemetry openTelemetry, DatabaseObjectAttributes names) {
    this.names = names;
    this.logger = openTelemetry.getLogsBridge().get(FindingsExporter.INSTRUMENTATION_SCOPE);
  }

  void publish(ServerKey server, String database, List<ShapePlan> plans) {
    for (ShapePlan plan : plans) {
      AttributesBuilder attributes =
          Attributes.builder()
              .put(SERVER_ADDRESS, server.address())
              .put(SERVER_PORT, (long) server.port())
              .put(FINGERPRINT, plan.fingerprint())
              .put(PLAN_HASH, plan.planHash())
              .put(INDEXES, plan.indexesUsed())
              .put(COST, plan.totalCost())
              .put(TOO_LARGE, plan.planJson() == null);
      names.database(attributes, database);
      if (plan.queryId() != null) {
        attributes.put(QUERY_ID, plan.queryId());
      }
      LogRecordBuilder record =
          logger
              .logRecordBuilder()
              .setEventName(EVENT)
              .setSeverity(Severity.INFO)
              .setAllAttributes(attributes.build());
      if (plan.planJson() != null) {
        record.setBody(plan.planJson());
      }
      record.emit();
    }
  }
}
