package io.querylens.core.insight;

/** The SQL the index findings recommend. */
final class IndexSql {

  private IndexSql() {}

  /** A schema-qualified, quoted-where-needed name. */
  static String qualified(String schema, String name) {
    return identifier(schema) + "." + identifier(name);
  }

  static String identifier(String name) {
    boolean plain =
        !name.isEmpty() && (Character.isLowerCase(name.charAt(0)) || name.charAt(0) == '_');
    for (int i = 0; i < name.length() && plain; i++) {
      char c = name.charAt(i);
      plain = Character.isLowerCase(c) || Character.isDigit(c) || c == '_';
    }
    return plain ? name : "\"" + name.replace("\"", "\"\"") + "\"";
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
