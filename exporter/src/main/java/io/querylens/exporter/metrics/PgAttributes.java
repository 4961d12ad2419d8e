package io.querylens.exporter.metrics;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Attribute names. The postgresqlreceiver puts database, schema, table and index on separate
 * resources; ours is the application's resource, so they go on the data points, named as on the
 * spans ({@link io.querylens.exporter.DatabaseObjectAttributes}).
 */
final class PgAttributes {

  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("operation");
  static final AttributeKey<String> STATE = AttributeKey.stringKey("state");
  static final AttributeKey<String> SOURCE = AttributeKey.stringKey("source");
  static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
  static final AttributeKey<String> RELATION = AttributeKey.stringKey("relation");
  static final AttributeKey<String> MODE = AttributeKey.stringKey("mode");
  static final AttributeKey<String> LOCK_TYPE = AttributeKey.stringKey("lock_type");
  static final AttributeKey<String> REPLICATION_CLIENT =
      AttributeKey.stringKey("replication_client");
  static final AttributeKey<String> QUERY_ID = AttributeKey.stringKey("postgresql.queryid");
  static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  static final AttributeKey<String> IO_BACKEND_TYPE =
      AttributeKey.stringKey("postgresql.io.backend_type");
  static final AttributeKey<String> IO_OBJECT = AttributeKey.stringKey("postgresql.io.object");
  static final AttributeKey<String> IO_CONTEXT = AttributeKey.stringKey("postgresql.io.context");
  static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");
  static final AttributeKey<String> FAMILY = AttributeKey.stringKey("family");

  private PgAttributes() {}
}
