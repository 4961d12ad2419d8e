package io.querylens.core.insight;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of one relation that a scan's {@code Filter} compares with a value, read
 * conservatively: only top-level {@code AND}ed comparisons of a plain column (optionally cast) with
 * a parameter or constant count; everything else (OR, functions, LIKE, expressions) is ignored, so
 * a column is never invented.
 *
 * @param equality columns compared with {@code =} (or {@code = ANY}), in the filter's order
 * @param range columns compared with {@code < <= > >=}, in the filter's order
 */
public record FilterColumns(List<String> equality, List<String> range) {

  private static final String[] OPERATORS = {" = ", " <= ", " >= ", " < ", " > "};

  public FilterColumns {
    equality = List.copyOf(equality);
    range = List.copyOf(range);
  }

  /**
   * Reads {@code filter} for the relation scanned as {@code alias}; a column qualified with another
   * name is not this relation's and is ignored.
   */
  public static FilterColumns of(String filter, String alias) {
    List<String> equality = new ArrayList<>();
    List<String> range = new ArrayList<>();
    if (filter != null) {
      for (String conjunct : conjuncts(unwrap(filter.trim()))) {
        comparison(unwrap(conjunct.trim()), alias, equality, range);
      }
    }
    return new FilterColumns(equality, range);
  }

  public boolean isEmpty() {
    return equality.isEmpty() && range.isEmpty();
  }

  private static void comparison(
      String expression, String alias, List<String> equality, List<String> range) {
    for (String operator : OPERATORS) {
      int at = topLevel(expression, operator);
      if (at < 0) {
        continue;
      }
      String left = expression.substring(0, at).trim();
      String right = expression.substring(at + operator.length()).trim();
      String column = column(left, alias);
      String value = right;
      if (column == null) {
        column = column(right, alias);
        value = left;
      }
      if (column == null || !isValue(value)) {
        return;
      }
      List<String> into = operator.equals(" = ") ? equality : range;
      if (!equality.contains(column) && !into.contains(column)) {
        into.add(column);
      }
      return;
    }
  }

  /** A parameter or constant, possibly cast: {@code $1}, {@code ($1)::text}, {@code 'x'::text}. */
  private static boolean isValue(String text) {
    String value = text.startsWith("ANY (") ? text.substring(4) : text;
    value = stripCast(unwrap(value));
    value = unwrap(value);
    if (value.isEmpty()) {
      return false;
    }
    char first = value.charAt(0);
    if (first == '$') {
      return digitsFrom(value, 1);
    }
    if (first == '\'') {
      return value.indexOf('\'', 1) == value.length() - 1;
    }
    return first == '-' ? digitsFrom(value, 1) : digitsFrom(value, 0);
  }

  private static boolean digitsFrom(String text, int from) {
    if (from >= text.length()) {
      return false;
    }
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isDigit(c) && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** {@code col}, {@code alias.col} or {@code (alias.col)::type}; null when it is anything else. */
  static String column(String text, String alias) {
    String plain = unwrap(stripCast(text));
    int dot = qualifierEnd(plain);
    if (dot >= 0) {
      String qualifier = identifier(plain.substring(0, dot));
      if (qualifier == null || !qualifier.equals(alias)) {
        return null;
      }
      plain = plain.substring(dot + 1);
    }
    return identifier(plain);
  }

  private static int qualifierEnd(String text) {
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  /** A plain or quoted identifier's name, or null. */
  private static String identifier(String text) {
    if (text.length() > 1 && text.charAt(0) == '"' && text.charAt(text.length() - 1) == '"') {
      String inner = text.substring(1, text.length() - 1);
      return inner.replace("\"\"", "\"");
    }
    if (text.isEmpty() || !(Character.isLetter(text.charAt(0)) || text.charAt(0) == '_')) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
        return null;
      }
    }
    return text;
  }

  private static String stripCast(String text) {
    int cast = topLevel(text, "::");
    return cast < 0 ? text : text.substring(0, cast).trim();
  }

  /** The top-level pieces of {@code a AND b AND c}; the whole text when it has no top-level OR. */
  private static List<String> conjuncts(String text) {
    List<String> parts = new ArrayList<>();
    if (topLevel(text, " OR ") >= 0) {
      return parts;
    }
    int from = 0;
    int at;
    while ((at = topLevel(text, " AND ", from)) >= 0) {
      parts.add(text.substring(from, at));
      from = at + 5;
    }
    parts.add(text.substring(from));
    return parts;
  }

  /** Strips parentheses that enclose the whole text. */
  static String unwrap(String text) {
    String result = text;
    while (result.length() > 1
        && result.charAt(0) == '('
        && closing(result, 0) == result.length() - 1) {
      result = result.substring(1, result.length() - 1).trim();
    }
    return result;
  }

  private static int closing(String text, int open) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static int topLevel(String text, String token) {
    return topLevel(text, token, 0);
  }

  /** Where {@code token} occurs outside parentheses and quotes, from {@code from}; -1 if not. */
  private static int topLevel(String text, String token, int from) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && i >= from && text.startsWith(token, i)) {
        return i;
      }
    }
    return -1;
  }
}
