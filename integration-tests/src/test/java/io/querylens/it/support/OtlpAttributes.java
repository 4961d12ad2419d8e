package io.querylens.it.support;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads attributes out of received OTLP messages. The typed readers are strict: asking for a string
 * attribute that arrived as an int fails, because the attribute's type is part of what a semantic
 * convention promises ({@code server.port} is an int, {@code db.query.text} a string).
 */
public final class OtlpAttributes {

  private OtlpAttributes() {}

  /** The string attribute {@code key} of {@code span}, or null when the span lacks it. */
  public static String attr(Span span, String key) {
    return string(span.getAttributesList(), key);
  }

  /** The int attribute {@code key} of {@code span}, or null when the span lacks it. */
  public static Long longAttr(Span span, String key) {
    return integer(span.getAttributesList(), key);
  }

  public static String attr(LogRecord record, String key) {
    return string(record.getAttributesList(), key);
  }

  public static Long longAttr(LogRecord record, String key) {
    return integer(record.getAttributesList(), key);
  }

  public static String attr(NumberDataPoint point, String key) {
    return string(point.getAttributesList(), key);
  }

  public static String attr(HistogramDataPoint point, String key) {
    return string(point.getAttributesList(), key);
  }

  /** The string attribute {@code key} of {@code resource} (say {@code service.name}), or null. */
  public static String resourceAttr(Resource resource, String key) {
    return string(resource.getAttributesList(), key);
  }

  /** The string attribute {@code key} among {@code attributes}, or null when absent. */
  public static String string(List<KeyValue> attributes, String key) {
    AnyValue value = value(attributes, key);
    if (value == null) {
      return null;
    }
    if (value.getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
      throw typeMismatch(key, "a string", value);
    }
    return value.getStringValue();
  }

  /** The int attribute {@code key} among {@code attributes}, or null when absent. */
  public static Long integer(List<KeyValue> attributes, String key) {
    AnyValue value = value(attributes, key);
    if (value == null) {
      return null;
    }
    if (value.getValueCase() != AnyValue.ValueCase.INT_VALUE) {
      throw typeMismatch(key, "an int", value);
    }
    return value.getIntValue();
  }

  /** The raw value of attribute {@code key}, or null when absent. */
  public static AnyValue value(List<KeyValue> attributes, String key) {
    for (KeyValue attribute : attributes) {
      if (attribute.getKey().equals(key)) {
        return attribute.getValue();
      }
    }
    return null;
  }

  /**
   * All {@code attributes} as plain Java values (String, Long, Double, Boolean, List, byte[]), in
   * arrival order: convenient for AssertJ's map assertions and for readable failure messages.
   */
  public static Map<String, Object> toMap(List<KeyValue> attributes) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (KeyValue attribute : attributes) {
      map.put(attribute.getKey(), plain(attribute.getValue()));
    }
    return map;
  }

  private static Object plain(AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE:
        return value.getStringValue();
      case INT_VALUE:
        return value.getIntValue();
      case DOUBLE_VALUE:
        return value.getDoubleValue();
      case BOOL_VALUE:
        return value.getBoolValue();
      case BYTES_VALUE:
        return value.getBytesValue().toByteArray();
      case ARRAY_VALUE:
        List<Object> values = new ArrayList<>();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          values.add(plain(element));
        }
        return values;
      case KVLIST_VALUE:
        return toMap(value.getKvlistValue().getValuesList());
      default:
        return null;
    }
  }

  private static AssertionError typeMismatch(String key, String expected, AnyValue value) {
    return new AssertionError(
        "attribute "
            + key
            + " should be "
            + expected
            + " but arrived as "
            + value.getValueCase()
            + ": "
            + plain(value));
  }
}
