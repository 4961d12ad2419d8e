package io.querylens.core.jdbc;

/** {@code host}, {@code host:port} or {@code [v6address]:port}, split without a regex. */
final class HostAndPort {

  final String host;

  /** The digits after the colon, unchecked; empty when the text names no port. */
  final String port;

  private HostAndPort(String host, String port) {
    this.host = host;
    this.port = port;
  }

  static HostAndPort parse(String text) {
    String trimmed = text.trim();
    if (trimmed.startsWith("[")) {
      int close = trimmed.indexOf(']');
      if (close < 0) {
        return new HostAndPort(trimmed.substring(1), "");
      }
      String rest = trimmed.substring(close + 1);
      return new HostAndPort(
          trimmed.substring(1, close), rest.startsWith(":") ? rest.substring(1) : "");
    }
    int colon = trimmed.indexOf(':');
    if (colon < 0) {
      return new HostAndPort(trimmed, "");
    }
    return new HostAndPort(trimmed.substring(0, colon), trimmed.substring(colon + 1));
  }
}
