package io.querylens.exporter;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;

/**
 * A service name a person recognises when the user configured none: the application's jar name or
 * main class, instead of the SDK's {@code unknown_service:java}.
 */
final class DefaultServiceName {

  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> DISTRO_NAME =
      AttributeKey.stringKey("telemetry.distro.name");
  private static final AttributeKey<String> DISTRO_VERSION =
      AttributeKey.stringKey("telemetry.distro.version");

  private DefaultServiceName() {}

  static Resource applyTo(Resource resource, String agentVersion) {
    Resource result =
        resource.merge(
            Resource.create(Attributes.of(DISTRO_NAME, "querylens", DISTRO_VERSION, agentVersion)));
    String configured = resource.getAttribute(SERVICE_NAME);
    if (configured == null || configured.startsWith("unknown_service")) {
      String derived = fromCommand(System.getProperty("sun.java.command"));
      if (derived != null) {
        result = result.merge(Resource.create(Attributes.of(SERVICE_NAME, derived)));
      }
    }
    return result;
  }

  /**
   * {@code /opt/shop/shop-api.jar --port 80} gives {@code shop-api}; {@code com.acme.Main} gives
   * {@code Main}.
   */
  static String fromCommand(String command) {
    if (command == null || command.isBlank()) {
      return null;
    }
    String first = command.trim();
    int space = first.indexOf(' ');
    if (space > 0) {
      first = first.substring(0, space);
    }
    if (first.endsWith(".jar")) {
      int slash = Math.max(first.lastIndexOf('/'), first.lastIndexOf('\\'));
      String name = first.substring(slash + 1, first.length() - ".jar".length());
      return name.isEmpty() ? null : name;
    }
    int dot = first.lastIndexOf('.');
    String name = first.substring(dot + 1);
    return name.isEmpty() ? null : name;
  }
}
