package io.querylens.core.insight;

/**
 * What a finding is about. Fields that do not apply are null: a database-wide finding names only
 * the database, an index finding names database, schema, table and index.
 */
public record FindingObject(
    String database, String schema, String table, String index, String fingerprint) {

  public static FindingObject database(String database) {
    return new FindingObject(database, null, null, null, null);
  }

  public static FindingObject table(String database, String schema, String table) {
    return new FindingObject(database, schema, table, null, null);
  }

  public static FindingObject index(String database, String schema, String table, String index) {
    return new FindingObject(database, schema, table, index, null);
  }

  /**
   * {@code schema.table.index}, or as much of it as applies; the database when nothing else does.
   */
  public String qualifiedName() {
    StringBuilder name = new StringBuilder();
    for (String part : new String[] {schema, table, index}) {
      if (part != null) {
        if (name.length() > 0) {
          name.append('.');
        }
        name.append(part);
      }
    }
    if (fingerprint != null) {
      name.append(name.length() > 0 ? " " : "").append("fingerprint ").append(fingerprint);
    }
    return name.length() > 0 ? name.toString() : String.valueOf(database);
  }
}
