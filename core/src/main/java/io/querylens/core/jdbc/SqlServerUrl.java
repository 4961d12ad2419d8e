package io.querylens.core.jdbc;

/**
 * Microsoft's {@code jdbc:sqlserver://[host[\instance][:port]][;property=value...]}: every part of
 * the address may also come as a property ({@code serverName}, {@code instanceName}, {@code
 * portNumber}, {@code databaseName}), and a property wins, as in the driver.
 */
final class SqlServerUrl {

  private static final String SYSTEM = "microsoft.sql_server";
  private static final String PREFIX = "jdbc:sqlserver://";

  private SqlServerUrl() {}

  static JdbcUrl parse(String url) {
    int start = url.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) ? PREFIX.length() : -1;
    if (start < 0) {
      return new JdbcUrl(SYSTEM, null, 0, null, null, null);
    }
    int semicolon = url.indexOf(';', start);
    String address = url.substring(start, semicolon < 0 ? url.length() : semicolon);
    int propertiesStart = semicolon < 0 ? url.length() : semicolon + 1;

    String instance = null;
    int backslash = address.indexOf('\\');
    if (backslash >= 0) {
      int portColon = address.indexOf(':', backslash);
      instance = address.substring(backslash + 1, portColon < 0 ? address.length() : portColon);
      address =
          address.substring(0, backslash) + (portColon < 0 ? "" : address.substring(portColon));
    }
    HostAndPort hostAndPort = HostAndPort.parse(address);
    String host = or(property(url, propertiesStart, "serverName"), hostAndPort.host);
    instance = or(property(url, propertiesStart, "instanceName"), instance);
    String port =
        or(
            property(url, propertiesStart, "portNumber"),
            or(property(url, propertiesStart, "port"), hostAndPort.port));
    String database =
        or(
            property(url, propertiesStart, "databaseName"),
            property(url, propertiesStart, "database"));
    if (host == null || host.isEmpty()) {
      host = "localhost";
    }
    // A named instance without a port is found through the SQL Server Browser: its port is not
    // in the URL, and guessing 1433 would be wrong.
    int portNumber =
        instance != null && (port == null || port.isEmpty())
            ? 0
            : JdbcUrl.portOrDefault(port, SYSTEM);
    return new JdbcUrl(SYSTEM, host, portNumber, database, instance, null);
  }

  private static String property(String url, int start, String name) {
    String value = JdbcUrl.property(url, start, name, ";");
    // The driver lets a value be braced to hold semicolons: {a;b}
    if (value != null && value.length() >= 2 && value.startsWith("{") && value.endsWith("}")) {
      value = value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static String or(String preferred, String fallback) {
    return preferred != null && !preferred.isEmpty() ? preferred : fallback;
  }
}
