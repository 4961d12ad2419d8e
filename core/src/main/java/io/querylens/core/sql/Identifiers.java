package io.querylens.core.sql;

import java.util.Set;

/**
 * PostgreSQL identifiers as the server reads them: quoted for SQL the way {@code quote_ident()}
 * quotes them, and folded the way the parser folds them ({@code "customers"} and {@code Customers}
 * are both {@code customers}; {@code "Customers"} stays).
 */
public final class Identifiers {

  /**
   * Every keyword PostgreSQL does not accept as a bare name everywhere: the reserved, type/function
   * and column-name categories of {@code src/include/parser/kwlist.h} (PostgreSQL 18). {@code
   * quote_ident()} quotes these too; quoting a name that did not need it never changes its meaning.
   */
  private static final Set<String> KEYWORDS =
      Set.of(
          // Reserved.
          "all",
          "analyse",
          "analyze",
          "and",
          "any",
          "array",
          "as",
          "asc",
          "asymmetric",
          "both",
          "case",
          "cast",
          "check",
          "collate",
          "column",
          "constraint",
          "create",
          "current_catalog",
          "current_date",
          "current_role",
          "current_time",
          "current_timestamp",
          "current_user",
          "default",
          "deferrable",
          "desc",
          "distinct",
          "do",
          "else",
          "end",
          "except",
          "false",
          "fetch",
          "for",
          "foreign",
          "from",
          "grant",
          "group",
          "having",
          "in",
          "initially",
          "intersect",
          "into",
          "lateral",
          "leading",
          "limit",
          "localtime",
          "localtimestamp",
          "not",
          "null",
          "offset",
          "on",
          "only",
          "or",
          "order",
          "placing",
          "primary",
          "references",
          "returning",
          "select",
          "session_user",
          "some",
          "symmetric",
          "system_user",
          "table",
          "then",
          "to",
          "trailing",
          "true",
          "union",
          "unique",
          "user",
          "using",
          "variadic",
          "when",
          "where",
          "window",
          "with",
          // Type or function names.
          "authorization",
          "binary",
          "collation",
          "concurrently",
          "cross",
          "current_schema",
          "freeze",
          "full",
          "ilike",
          "inner",
          "is",
          "isnull",
          "join",
          "left",
          "like",
          "natural",
          "notnull",
          "outer",
          "overlaps",
          "right",
          "similar",
          "tablesample",
          "verbose",
          // Column names.
          "between",
          "bigint",
          "bit",
          "boolean",
          "char",
          "character",
          "coalesce",
          "dec",
          "decimal",
          "exists",
          "extract",
          "float",
          "greatest",
          "grouping",
          "inout",
          "int",
          "integer",
          "interval",
          "json",
          "json_array",
          "json_arrayagg",
          "json_exists",
          "json_object",
          "json_objectagg",
          "json_query",
          "json_scalar",
          "json_serialize",
          "json_table",
          "json_value",
          "least",
          "merge_action",
          "national",
          "nchar",
          "none",
          "normalize",
          "nullif",
          "numeric",
          "out",
          "overlay",
          "position",
          "precision",
          "real",
          "row",
          "setof",
          "smallint",
          "substring",
          "time",
          "timestamp",
          "treat",
          "trim",
          "values",
          "varchar",
          "xmlattributes",
          "xmlconcat",
          "xmlelement",
          "xmlexists",
          "xmlforest",
          "xmlnamespaces",
          "xmlparse",
          "xmlpi",
          "xmlroot",
          "xmlserialize",
          "xmltable");

  /** The same words sorted, for looking a name up straight from a statement's chars. */
  private static final String[] SORTED_KEYWORDS = KEYWORDS.stream().sorted().toArray(String[]::new);

  private Identifiers() {}

  /**
   * Whether {@code sql[start, end)} is a double-quoted name that means the same without its quotes
   * ({@code "customers"}, not {@code "Customers"} or {@code "order"}). No allocation: the
   * fingerprinter asks this on the application's statement path.
   */
  static boolean quotedNeedlessly(char[] sql, int start, int end) {
    if (end - start < 3 || sql[start] != '"' || sql[end - 1] != '"') {
      return false;
    }
    char first = sql[start + 1];
    if (!(isLowerLetter(first) || first == '_')) {
      return false;
    }
    for (int i = start + 2; i < end - 1; i++) {
      char c = sql[i];
      if (!(isLowerLetter(c) || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return !isKeyword(sql, start + 1, end - 1);
  }

  private static boolean isKeyword(char[] sql, int start, int end) {
    int low = 0;
    int high = SORTED_KEYWORDS.length - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      int order = compare(SORTED_KEYWORDS[middle], sql, start, end);
      if (order == 0) {
        return true;
      } else if (order < 0) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return false;
  }

  private static int compare(String word, char[] sql, int start, int end) {
    int length = Math.min(word.length(), end - start);
    for (int i = 0; i < length; i++) {
      int order = word.charAt(i) - sql[start + i];
      if (order != 0) {
        return order;
      }
    }
    return word.length() - (end - start);
  }

  /**
   * {@code name} as SQL: bare when PostgreSQL reads it back unchanged (ASCII lower case letters,
   * digits and underscores, not starting with a digit, not a keyword), else in double quotes with
   * inner quotes doubled.
   */
  public static String quote(String name) {
    return bareIsExact(name) ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** {@code schema.name}, each part quoted where needed. */
  public static String qualified(String schema, String name) {
    return quote(schema) + "." + quote(name);
  }

  private static boolean bareIsExact(String name) {
    if (name.isEmpty()) {
      return false;
    }
    char first = name.charAt(0);
    if (!(isLowerLetter(first) || first == '_')) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(isLowerLetter(c) || (c >= '0' && c <= '9') || c == '_')) {
        return false;
      }
    }
    return !KEYWORDS.contains(name);
  }

  /** As {@code quote_ident()}: anything beyond ASCII is quoted, which is always safe. */
  private static boolean isLowerLetter(char c) {
    return c >= 'a' && c <= 'z';
  }

  /**
   * One name as written in SQL, as PostgreSQL resolves it: a double-quoted name loses its quotes
   * (doubled quotes inside become one) and keeps its case; a bare name folds to lower case (ASCII
   * letters only, as PostgreSQL's {@code downcase_identifier} does in a multi-byte encoding).
   */
  public static String fold(CharSequence written) {
    int length = written.length();
    if (length >= 2 && written.charAt(0) == '"' && written.charAt(length - 1) == '"') {
      return written.subSequence(1, length - 1).toString().replace("\"\"", "\"");
    }
    StringBuilder folded = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = written.charAt(i);
      folded.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return folded.toString();
  }
}
