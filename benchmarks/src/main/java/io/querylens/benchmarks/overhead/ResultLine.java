package io.querylens.benchmarks.overhead;

import java.util.HashMap;
import java.util.Map;

/** A measured JVM's report line, {@code TAG key=value key=value ...}, read into its fields. */
public final class ResultLine {

  private ResultLine() {}

  public static Map<String, String> fields(String line) {
    Map<String, String> fields = new HashMap<>();
    for (String field : line.substring(line.indexOf(' ') + 1).split(" ")) {
      int equals = field.indexOf('=');
      fields.put(field.substring(0, equals), field.substring(equals + 1));
    }
    return fields;
  }
}
