package io.querylens.exporter;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * How a database, a table and an index are named on the sampler's metrics, the findings and the
 * plan events: with the attributes the spans carry, so that a span's {@code db.namespace} and
 * {@code db.collection.name} select the metrics of the table it touched.
 *
 * <p>{@code db.namespace} is the database, as on a span of a connection that names no schema. A
 * table is {@code db.collection.name}, bare when it lives in {@code public} (where an unqualified
 * statement finds it) and {@code schema.table} otherwise, as a statement naming it that way reads
 * on its span. Indexes keep {@code postgresql.index.name}: the conventions have no name for them.
 * The collector's older names ({@code postgresql.database.name}, {@code postgresql.schema.name},
 * {@code postgresql.table.name}) are added by {@code
 * otel.instrumentation.querylens.metrics.legacy-attributes=true}, for dashboards built on them.
 */
public final class DatabaseObjectAttributes {

  public static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
  public static final AttributeKey<String> COLLECTION =
      AttributeKey.stringKey("db.collection.name");
  public static final AttributeKey<String> INDEX = AttributeKey.stringKey("postgresql.index.name");

  static final AttributeKey<String> LEGACY_DATABASE =
      AttributeKey.stringKey("postgresql.database.name");
  static final AttributeKey<String> LEGACY_SCHEMA =
      AttributeKey.stringKey("postgresql.schema.name");
  static final AttributeKey<String> LEGACY_TABLE = AttributeKey.stringKey("postgresql.table.name");

  /** The setting that adds the collector's older attribute names. */
  public static final String LEGACY_SETTING =
      "otel.instrumentation.querylens.metrics.legacy-attributes";

  /** The conventions' names only: the default. */
  public static final DatabaseObjectAttributes CONVENTIONS = new DatabaseObjectAttributes(false);

  /** The conventions' names and the collector's older ones side by side. */
  public static final DatabaseObjectAttributes WITH_LEGACY = new DatabaseObjectAttributes(true);

  private static final String DEFAULT_SCHEMA = "public";

  private final boolean legacy;

  private DatabaseObjectAttributes(boolean legacy) {
    this.legacy = legacy;
  }

  public static DatabaseObjectAttributes withLegacy(boolean legacy) {
    return legacy ? WITH_LEGACY : CONVENTIONS;
  }

  /** Names the database; nothing when it is unknown. */
  public AttributesBuilder database(AttributesBuilder attributes, String database) {
    if (database != null) {
      attributes.put(NAMESPACE, database);
      if (legacy) {
        attributes.put(LEGACY_DATABASE, database);
      }
    }
    return attributes;
  }

  /** Names the table; nothing when it is unknown. */
  public AttributesBuilder table(AttributesBuilder attributes, String schema, String table) {
    if (table != null) {
      attributes.put(COLLECTION, collectionName(schema, table));
    }
    if (legacy) {
      putIfPresent(attributes, LEGACY_SCHEMA, schema);
      putIfPresent(attributes, LEGACY_TABLE, table);
    }
    return attributes;
  }

  /** Names an index and the table it belongs to. */
  public AttributesBuilder index(
      AttributesBuilder attributes, String schema, String table, String index) {
    table(attributes, schema, table);
    putIfPresent(attributes, INDEX, index);
    return attributes;
  }

  /** {@code orders} for {@code public.orders}, {@code sales.orders} for that schema's. */
  public static String collectionName(String schema, String table) {
    if (schema == null || schema.isEmpty() || DEFAULT_SCHEMA.equals(schema)) {
      return table;
    }
    return schema + "." + table;
  }

  private static void putIfPresent(
      AttributesBuilder attributes, AttributeKey<String> key, String value) {
    if (value != null) {
      attributes.put(key, value);
    }
  }
}
