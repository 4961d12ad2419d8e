package io.querylens.exporter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the SDK's choice settings accept. Its own message for an unknown value names the key and the
 * value but not the choices ("Unrecognized value for otel.traces.exporter: foo"), so the agent's
 * line adds them.
 */
final class ExporterChoices {

  private static final Map<String, String> ACCEPTED = new LinkedHashMap<>();

  static {
    ACCEPTED.put("otel.traces.exporter", "otlp, console, logging-otlp, none");
    ACCEPTED.put("otel.metrics.exporter", "otlp, prometheus, console, none");
    ACCEPTED.put("otel.logs.exporter", "otlp, console, none");
    ACCEPTED.put("otel.exporter.otlp.protocol", "http/protobuf, grpc");
  }

  private ExporterChoices() {}

  /** {@code message}, followed by the accepted values of the first choice setting it names. */
  static String explain(String message) {
    if (message == null) {
      return "";
    }
    for (Map.Entry<String, String> choice : ACCEPTED.entrySet()) {
      if (message.contains(choice.getKey() + ":")
          || message.contains(choice.getKey() + " ")
          || message.endsWith(choice.getKey())) {
        return message + " (accepted: " + choice.getValue() + ")";
      }
    }
    return message;
  }
}
