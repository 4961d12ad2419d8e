package io.querylens.exporter;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.semconv.DbAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import java.util.Objects;

/**
 * What every statement on one database connection shares: the semantic-convention attributes that
 * are computed once per physical connection, never per statement.
 */
public final class ConnectionFacts {

  private final String systemName;
  private final String namespace;
  private final String serverAddress;
  private final int serverPort;
  private final Attributes attributes;
  // Looked up on every statement: computed once, with no varargs array or boxing per call.
  private final int hash;

  /**
   * @param systemName {@code db.system.name}, e.g. {@code postgresql}, {@code h2database}
   * @param namespace {@code db.namespace}, or null when not known without a network call
   * @param serverAddress {@code server.address}, or null (an embedded database)
   * @param serverPort {@code server.port}, or 0 when unknown
   */
  public ConnectionFacts(
      String systemName, String namespace, String serverAddress, int serverPort) {
    this.systemName = Objects.requireNonNull(systemName, "systemName");
    this.namespace = namespace;
    this.serverAddress = serverAddress;
    this.serverPort = serverPort;
    AttributesBuilder builder = Attributes.builder().put(DbAttributes.DB_SYSTEM_NAME, systemName);
    if (namespace != null) {
      builder.put(DbAttributes.DB_NAMESPACE, namespace);
    }
    if (serverAddress != null) {
      builder.put(ServerAttributes.SERVER_ADDRESS, serverAddress);
      if (serverPort > 0) {
        builder.put(ServerAttributes.SERVER_PORT, serverPort);
      }
    }
    this.attributes = builder.build();
    this.hash = Objects.hash(systemName, namespace, serverAddress, serverPort);
  }

  public String systemName() {
    return systemName;
  }

  public String namespace() {
    return namespace;
  }

  public String serverAddress() {
    return serverAddress;
  }

  public int serverPort() {
    return serverPort;
  }

  /** The connection-level attributes, shared by spans and metric points. */
  Attributes attributes() {
    return attributes;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ConnectionFacts)) {
      return false;
    }
    ConnectionFacts that = (ConnectionFacts) other;
    return serverPort == that.serverPort
        && systemName.equals(that.systemName)
        && Objects.equals(namespace, that.namespace)
        && Objects.equals(serverAddress, that.serverAddress);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return systemName + "://" + serverAddress + ":" + serverPort + "/" + namespace;
  }
}
