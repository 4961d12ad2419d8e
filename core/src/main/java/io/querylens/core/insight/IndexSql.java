package io.querylens.core.insight;

import io.querylens.core.sql.Identifiers;

/** The SQL the index findings recommend. */
final class IndexSql {

  private IndexSql() {}

  /** A schema-qualified, quoted-where-needed name. */
  static String qualified(String schema, String name) {
    return Identifiers.qualified(schema, name);
  }

  /** The name as SQL: quoted when PostgreSQL would otherwise read it differently or reject it. */
  static String identifier(String name) {
    return Identifiers.quote(name);
  }

  /**
   * {@code CREATE [UNIQUE] INDEX ...} as {@code pg_get_indexdef} writes it, built without blocking
   * writes: {@code CREATE [UNIQUE] INDEX CONCURRENTLY ...}.
   */
  static String concurrently(String definition) {
    if (definition == null) {
      return null;
    }
    String marker = "INDEX ";
    int at = definition.indexOf(marker);
    if (at < 0 || definition.startsWith("CONCURRENTLY", at + marker.length())) {
      return definition;
    }
    return definition.substring(0, at + marker.length())
        + "CONCURRENTLY "
        + definition.substring(at + marker.length());
  }
}
