package io.querylens.core.jdbc;

import java.util.Locale;

/**
 * Reads what the semantic conventions want from a JDBC URL: the database system, the server's
 * address and port, and the database the URL names. The URL itself (it may carry a password) never
 * leaves this class. Parsed once per physical connection, by hand: no regex anywhere near a
 * statement.
 *
 * <p>The one parser of JDBC URLs: spans take their {@code server.*} and {@code db.namespace} from
 * it and the sampler its {@code ServerKey}, so that a span's server and the metrics of that server
 * carry the very same {@code server.address} and {@code server.port}. Host names are lower-cased
 * (they are case-insensitive), and a PostgreSQL URL without a host ({@code jdbc:postgresql:shop})
 * names localhost:5432, where pgjdbc connects.
 */
public final class JdbcUrl {

  final String systemName;
  final String host;
  final int port;
  final String currentSchema;

  /** The database the URL names (a path, {@code databaseName=}, an Oracle SID), or null. */
  final String database;

  /** The database the URL names (a path, {@code databaseName=}, an Oracle SID), or null. */
  public String database() {
    return database;
  }

  /**
   * The {@code currentSchema} URL parameter, URL-decoded as pgjdbc decodes it (it becomes the
   * session's {@code search_path}), or null when absent.
   */
  public String currentSchema() {
    if (currentSchema == null) {
      return null;
    }
    try {
      return java.net.URLDecoder.decode(currentSchema, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return currentSchema;
    }
  }

  /** A SQL Server named instance ({@code host\instance} or {@code instanceName=}), or null. */
  final String instance;

  JdbcUrl(
      String systemName,
      String host,
      int port,
      String database,
      String instance,
      String currentSchema) {
    this.systemName = systemName;
    this.host = host == null ? null : host.toLowerCase(Locale.ROOT);
    this.port = port;
    this.database = database;
    this.instance = instance;
    this.currentSchema = currentSchema;
  }

  public static JdbcUrl parse(String url) {
    if (url == null) {
      return new JdbcUrl("other_sql", null, 0, null, null, null);
    }
    String lower = url.toLowerCase(Locale.ROOT);
    String system = systemName(lower);
    switch (system) {
      case "oracle.db":
        return OracleUrl.parse(url);
      case "microsoft.sql_server":
        return SqlServerUrl.parse(url);
      default:
        return withAuthority(system, url, lower);
    }
  }

  /**
   * {@code db.namespace}: the database the driver reports without a network call ({@code
   * getCatalog}), else the one the URL names, qualified as each system's conventions say.
   */
  public String namespace(String catalog) {
    String name = catalog != null ? catalog : database;
    if (name == null) {
      return null;
    }
    // PostgreSQL's namespace is database|schema; the schema is known without a query only when
    // the application named it in the URL. SQL Server's is instance|database.
    if ("postgresql".equals(systemName) && currentSchema != null) {
      return name + "|" + currentSchema;
    }
    if ("microsoft.sql_server".equals(systemName) && instance != null) {
      return instance + "|" + name;
    }
    return name;
  }

  /** The {@code jdbc:sub[:mode]://user@host:port,host2/database?params} family. */
  private static JdbcUrl withAuthority(String system, String url, String lower) {
    int slashes = lower.indexOf("//");
    if (slashes < 0 && "postgresql".equals(system)) {
      return withoutHost(url);
    }
    if (slashes < 0 || !hasServer(system, lower, slashes)) {
      return new JdbcUrl(system, null, 0, null, null, parameter(url, "currentSchema"));
    }
    int start = slashes + 2;
    int end = start;
    // A bracketed IPv6 address or a MySQL "address=(host=..)(port=..)" holds separators of its
    // own: skip over parentheses and brackets.
    int depth = 0;
    while (end < url.length()) {
      char c = url.charAt(end);
      if (c == '(' || c == '[') {
        depth++;
      } else if ((c == ')' || c == ']') && depth > 0) {
        depth--;
      } else if (depth == 0 && "/?;,".indexOf(c) >= 0) {
        break;
      }
      end++;
    }
    String authority = url.substring(start, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    if (authority.startsWith("[") && authority.indexOf(']') < 0) {
      return new JdbcUrl(system, null, 0, null, null, null); // an IPv6 address never closed
    }
    String host;
    int port;
    if (authority.indexOf('(') >= 0) {
      host = keyedValue(authority, "host");
      port = portOrDefault(keyedValue(authority, "port"), system);
    } else {
      HostAndPort address = HostAndPort.parse(authority);
      host = address.host.isEmpty() ? "localhost" : address.host;
      port = portOrDefault(address.port, system);
    }
    // Other hosts of a multi-host URL come before the path: the database follows the last one.
    int path = url.indexOf('/', end);
    int query = firstOf(url, "?;", end);
    String database = null;
    if (path >= 0 && (query < 0 || path < query)) {
      int databaseEnd = firstOf(url, "?;", path + 1);
      database = url.substring(path + 1, databaseEnd < 0 ? url.length() : databaseEnd);
      if (database.isEmpty()) {
        database = null;
      }
    }
    return new JdbcUrl(system, host, port, database, null, parameter(url, "currentSchema"));
  }

  /** {@code jdbc:postgresql:shop}: pgjdbc connects to localhost's default port. */
  private static JdbcUrl withoutHost(String url) {
    int start = "jdbc:postgresql:".length();
    int end = firstOf(url, "?", start);
    String database = url.substring(start, end < 0 ? url.length() : end);
    return new JdbcUrl(
        "postgresql",
        "localhost",
        defaultPort("postgresql"),
        database.isEmpty() ? null : database,
        null,
        parameter(url, "currentSchema"));
  }

  public String systemName() {
    return systemName;
  }

  /** The first server the URL names, lower-cased; null for an embedded database. */
  public String host() {
    return host;
  }

  /** The server's port, the system's default where the URL leaves it out; 0 when unknown. */
  public int port() {
    return port;
  }

  /** Whether the URL is pgjdbc's. */
  public boolean isPostgresql() {
    return "postgresql".equals(systemName);
  }

  /** Whether the {@code //} at {@code slashes} starts a server, not a path of an embedded file. */
  private static boolean hasServer(String system, String lower, int slashes) {
    switch (system) {
      case "sqlite":
        return false;
      case "h2database":
        return lower.startsWith("jdbc:h2:tcp://") || lower.startsWith("jdbc:h2:ssl://");
      case "hsqldb":
        return lower.startsWith("jdbc:hsqldb:hsql")
            || lower.startsWith("jdbc:hsqldb:http"); // hsqls and https included
      default:
        // Only a scheme ("jdbc:mysql:loadbalance:") may stand before the server's "//".
        for (int i = 0; i < slashes; i++) {
          char c = lower.charAt(i);
          if (!(c == ':' || c == '+' || c == '-' || (c >= 'a' && c <= 'z') || isDigit(c))) {
            return false;
          }
        }
        return slashes > 0;
    }
  }

  static int portOrDefault(String digits, String system) {
    if (digits != null && !digits.isEmpty()) {
      int port = 0;
      for (int i = 0; i < digits.length(); i++) {
        char c = digits.charAt(i);
        if (!isDigit(c) || port > 65535) {
          return 0;
        }
        port = port * 10 + (c - '0');
      }
      return port <= 65535 ? port : 0;
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
      case "derby":
        return 1527;
      case "hsqldb":
        return 9001;
      case "h2database":
        return 9092;
      default:
        return 0;
    }
  }

  private static String systemName(String lower) {
    if (lower.startsWith("jdbc:postgresql:")) {
      return "postgresql";
    } else if (lower.startsWith("jdbc:h2:")) {
      return "h2database";
    } else if (lower.startsWith("jdbc:mysql:") || lower.startsWith("jdbc:mysql+srv:")) {
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
   * The value of {@code key=value} inside parentheses, as in {@code (HOST=db1)} or MySQL's {@code
   * (host=db1,port=3307)}: the first occurrence, key matched ignoring case, whitespace trimmed.
   */
  static String keyedValue(String text, String key) {
    int from = 0;
    while (from < text.length()) {
      int found = indexOfIgnoreCase(text, key, from);
      if (found < 0) {
        return null;
      }
      int after = skipSpaces(text, found + key.length());
      boolean startsKey = found == 0 || "(, ".indexOf(text.charAt(found - 1)) >= 0;
      if (startsKey && after < text.length() && text.charAt(after) == '=') {
        int start = skipSpaces(text, after + 1);
        int end = start;
        while (end < text.length() && ")(,".indexOf(text.charAt(end)) < 0) {
          end++;
        }
        String value = text.substring(start, end).trim();
        return value.isEmpty() ? null : value;
      }
      from = found + key.length();
    }
    return null;
  }

  /**
   * A {@code name=value} URL parameter (after {@code ?} or {@code ;}, separated by {@code &} or
   * {@code ;}).
   */
  static String parameter(String url, String name) {
    int query = url.indexOf('?');
    if (query < 0) {
      return null;
    }
    return property(url, query + 1, name, "&;");
  }

  /**
   * The value of {@code name=value} in the {@code separators}-separated list from {@code start}.
   */
  static String property(String url, int start, String name, String separators) {
    int i = start;
    while (i < url.length()) {
      int end = i;
      while (end < url.length() && separators.indexOf(url.charAt(end)) < 0) {
        end++;
      }
      int equals = url.indexOf('=', i);
      if (equals > 0
          && equals < end
          && url.regionMatches(true, i, name, 0, name.length())
          && url.substring(i, equals).trim().length() == name.length()) {
        String value = url.substring(equals + 1, end).trim();
        return value.isEmpty() ? null : value;
      }
      i = end + 1;
    }
    return null;
  }

  static int firstOf(String text, String chars, int from) {
    for (int i = from; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfIgnoreCase(String text, String part, int from) {
    for (int i = from; i + part.length() <= text.length(); i++) {
      if (text.regionMatches(true, i, part, 0, part.length())) {
        return i;
      }
    }
    return -1;
  }

  private static int skipSpaces(String text, int i) {
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
