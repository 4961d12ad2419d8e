package io.querylens.agent.jdbc;

import java.util.Locale;

/**
 * Reads what the semantic conventions want from a JDBC URL: the database system and the server's
 * address and port. The URL itself (it may carry a password) never leaves this class.
 */
final class JdbcUrl {

  final String systemName;
  final String host;
  final int port;
  final String currentSchema;

  private JdbcUrl(String systemName, String host, int port, String currentSchema) {
    this.systemName = systemName;
    this.host = host;
    this.port = port;
    this.currentSchema = currentSchema;
  }

  static JdbcUrl parse(String url) {
    if (url == null) {
      return new JdbcUrl("other_sql", null, 0, null);
    }
    String lower = url.toLowerCase(Locale.ROOT);
    String system = systemName(lower);
    String host = null;
    int port = 0;
    int slashes = lower.indexOf("//");
    // H2 and Derby in-memory or file URLs have no server; their "//" (if any) is a path.
    boolean hasServer =
        slashes > 0 && !lower.startsWith("jdbc:h2:mem") && !lower.startsWith("jdbc:h2:file");
    if (hasServer) {
      int start = slashes + 2;
      int end = start;
      while (end < url.length() && "/?;,".indexOf(url.charAt(end)) < 0) {
        end++;
      }
      String authority = url.substring(start, end);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        authority = authority.substring(at + 1);
      }
      if (authority.startsWith("[")) {
        int close = authority.indexOf(']');
        host = close > 0 ? authority.substring(1, close) : authority;
        port = portOf(close > 0 ? authority.substring(close + 1) : "", system);
      } else {
        int colon = authority.indexOf(':');
        host = colon >= 0 ? authority.substring(0, colon) : authority;
        port = portOf(colon >= 0 ? authority.substring(colon) : "", system);
      }
      if (host.isEmpty()) {
        host = "localhost";
      }
    }
    return new JdbcUrl(system, host, port, parameter(url, "currentSchema"));
  }

  private static int portOf(String colonAndPort, String system) {
    if (colonAndPort.startsWith(":") && colonAndPort.length() > 1) {
      try {
        return Integer.parseInt(colonAndPort.substring(1));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return defaultPort(system);
  }

  private static int defaultPort(String system) {
    switch (system) {
      case "postgresql":
        return 5432;
      case "mysql":
      case "mariadb":
        return 3306;
      case "microsoft.sql_server":
        return 1433;
      case "oracle.db":
        return 1521;
      default:
        return 0;
    }
  }

  private static String systemName(String lower) {
    if (lower.startsWith("jdbc:postgresql:")) {
      return "postgresql";
    } else if (lower.startsWith("jdbc:h2:")) {
      return "h2database";
    } else if (lower.startsWith("jdbc:mysql:")) {
      return "mysql";
    } else if (lower.startsWith("jdbc:mariadb:")) {
      return "mariadb";
    } else if (lower.startsWith("jdbc:oracle:")) {
      return "oracle.db";
    } else if (lower.startsWith("jdbc:sqlserver:")) {
      return "microsoft.sql_server";
    } else if (lower.startsWith("jdbc:hsqldb:")) {
      return "hsqldb";
    } else if (lower.startsWith("jdbc:derby:")) {
      return "derby";
    } else if (lower.startsWith("jdbc:sqlite:")) {
      return "sqlite";
    } else if (lower.startsWith("jdbc:db2:")) {
      return "ibm.db2";
    }
    return "other_sql";
  }

  /**
   * A {@code name=value} URL parameter (after {@code ?} or {@code ;}, separated by {@code &} or
   * {@code ;}).
   */
  private static String parameter(String url, String name) {
    int query = url.indexOf('?');
    if (query < 0) {
      return null;
    }
    int i = query + 1;
    while (i < url.length()) {
      int end = i;
      while (end < url.length() && url.charAt(end) != '&' && url.charAt(end) != ';') {
        end++;
      }
      int equals = url.indexOf('=', i);
      if (equals > 0
          && equals < end
          && url.regionMatches(true, i, name, 0, name.length())
          && equals - i == name.length()) {
        String value = url.substring(equals + 1, end);
        return value.isEmpty() ? null : value;
      }
      i = end + 1;
    }
    return null;
  }
}
