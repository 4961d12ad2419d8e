package io.querylens.core.jdbc;

import java.util.Locale;

/**
 * Oracle's URLs, thin or OCI: EZConnect ({@code @host:port/service}, {@code @//host/service},
 * {@code @tcps://host:port/service?params}), the old SID form ({@code @host:port:SID}) and TNS
 * descriptors ({@code @(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=h)(PORT=1521))...)}). A bare TNS
 * alias ({@code @orders}) names no server here: tnsnames.ora does, and it is not ours to read.
 */
final class OracleUrl {

  private static final String SYSTEM = "oracle.db";

  private OracleUrl() {}

  static JdbcUrl parse(String url) {
    int at = url.indexOf('@');
    if (at < 0) {
      return new JdbcUrl(SYSTEM, null, 0, null, null, null);
    }
    String target = url.substring(at + 1).trim();
    if (target.startsWith("(")) {
      return descriptor(target);
    }
    return ezConnect(stripProtocol(target));
  }

  /**
   * The first address of a descriptor (a failover or load-balancing list's first entry: where the
   * driver goes first), and its SID. The service name is no database identifier (one database
   * offers many services), so it is not the namespace.
   */
  private static JdbcUrl descriptor(String target) {
    String host = JdbcUrl.keyedValue(target, "HOST");
    int port = host == null ? 0 : JdbcUrl.portOrDefault(JdbcUrl.keyedValue(target, "PORT"), SYSTEM);
    String sid = JdbcUrl.keyedValue(target, "SID");
    return new JdbcUrl(SYSTEM, host, port, sid, null, null);
  }

  /** {@code host[:port][/service[:server][/instance]][?params]} or {@code host:port:SID}. */
  private static JdbcUrl ezConnect(String target) {
    int end = JdbcUrl.firstOf(target, "?", 0);
    String address = end < 0 ? target : target.substring(0, end);
    if (address.isEmpty()) {
      return new JdbcUrl(SYSTEM, null, 0, null, null, null);
    }
    int slash = address.indexOf('/', address.startsWith("[") ? address.indexOf(']') + 1 : 0);
    String hostPart = slash < 0 ? address : address.substring(0, slash);
    if (slash < 0 && hostPart.indexOf(':') < 0 && !hostPart.startsWith("[")) {
      // A bare word is a TNS alias, resolved from tnsnames.ora or LDAP by the driver.
      return new JdbcUrl(SYSTEM, null, 0, null, null, null);
    }
    String sid = null;
    if (slash < 0) {
      // host:port:SID (the colon after the port, outside an IPv6 bracket)
      int afterBracket = hostPart.startsWith("[") ? hostPart.indexOf(']') + 1 : 0;
      int firstColon = hostPart.indexOf(':', afterBracket);
      int secondColon = firstColon < 0 ? -1 : hostPart.indexOf(':', firstColon + 1);
      if (secondColon > 0) {
        sid = hostPart.substring(secondColon + 1);
        hostPart = hostPart.substring(0, secondColon);
      }
    }
    HostAndPort hostAndPort = HostAndPort.parse(hostPart);
    if (hostAndPort.host.isEmpty()) {
      return new JdbcUrl(SYSTEM, null, 0, null, null, null);
    }
    return new JdbcUrl(
        SYSTEM,
        hostAndPort.host,
        JdbcUrl.portOrDefault(hostAndPort.port, SYSTEM),
        sid == null || sid.isEmpty() ? null : sid,
        null,
        null);
  }

  private static String stripProtocol(String target) {
    String lower = target.toLowerCase(Locale.ROOT);
    int scheme = lower.indexOf("://");
    if (scheme > 0 && (lower.startsWith("tcp") || lower.startsWith("tcps"))) {
      return target.substring(scheme + 3);
    }
    return target.startsWith("//") ? target.substring(2) : target;
  }
}
