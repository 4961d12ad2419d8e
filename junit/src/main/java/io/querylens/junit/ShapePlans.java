package io.querylens.junit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generic plans of a test's PostgreSQL shapes, asked of the agent or the runtime once per
 * server when the test ends: each shape's scan nodes, as maps ({@code nodeType}, {@code schema},
 * {@code relation}, {@code tableRows}, {@code line}, ...).
 */
final class ShapePlans {

  static final ShapePlans NONE = new ShapePlans(Map.of(), Map.of(), Map.of(), List.of());

  private final Map<String, List<Map<String, Object>>> scansByFingerprint;
  private final Map<String, List<Map<String, Object>>> missingIndexesByFingerprint;
  private final Map<String, String> skippedByFingerprint;
  private final List<String> notPlanned;

  private ShapePlans(
      Map<String, List<Map<String, Object>>> scansByFingerprint,
      Map<String, List<Map<String, Object>>> missingIndexesByFingerprint,
      Map<String, String> skippedByFingerprint,
      List<String> notPlanned) {
    this.scansByFingerprint = scansByFingerprint;
    this.missingIndexesByFingerprint = missingIndexesByFingerprint;
    this.skippedByFingerprint = skippedByFingerprint;
    this.notPlanned = notPlanned;
  }

  /**
   * @param missingIndexes also run the advisor's missing-index round over the shapes
   */
  static ShapePlans of(List<ShapeTally> shapes, StatementSource source, boolean missingIndexes) {
    Map<String, List<ShapeTally>> byServer = new LinkedHashMap<>();
    for (ShapeTally shape : shapes) {
      if (shape.plannable()) {
        byServer
            .computeIfAbsent(shape.serverAddress + ":" + shape.serverPort, s -> new ArrayList<>())
            .add(shape);
      }
    }
    Map<String, List<Map<String, Object>>> scans = new HashMap<>();
    Map<String, List<Map<String, Object>>> missing = new HashMap<>();
    Map<String, String> skipped = new HashMap<>();
    List<String> notPlanned = new ArrayList<>();
    for (Map.Entry<String, List<ShapeTally>> server : byServer.entrySet()) {
      List<ShapeTally> onServer = server.getValue();
      List<String> texts = onServer.stream().map(shape -> shape.sanitizedText).toList();
      ShapeTally first = onServer.get(0);
      List<Map<String, Object>> planned =
          source.plan(first.serverAddress, first.serverPort, texts, missingIndexes).orElse(null);
      if (planned == null || planned.size() != onServer.size()) {
        notPlanned.add(server.getKey());
        continue;
      }
      for (int i = 0; i < planned.size(); i++) {
        String fingerprint = onServer.get(i).fingerprint;
        if (planned.get(i).get("scans") instanceof List<?> lines) {
          scans.put(fingerprint, maps(lines));
        }
        if (planned.get(i).get("missingIndexes") instanceof List<?> proposed) {
          missing.put(fingerprint, maps(proposed));
        }
        if (planned.get(i).get("skippedBecause") != null) {
          skipped.put(fingerprint, planned.get(i).get("skippedBecause").toString());
        }
      }
    }
    return new ShapePlans(scans, missing, skipped, notPlanned);
  }

  /** The indexes the advisor proposes for the shape: {@code planNode}, {@code action}, ... */
  List<Map<String, Object>> missingIndexesOf(ShapeTally shape) {
    return missingIndexesByFingerprint.getOrDefault(shape.fingerprint, List.of());
  }

  /** Why the shape's plan was not read (not a read, or EXPLAIN failed); null when it was. */
  String skippedBecause(ShapeTally shape) {
    return skippedByFingerprint.get(shape.fingerprint);
  }

  /** The scan nodes of the shape's plan; empty when it was not planned (not a read, say). */
  List<Map<String, Object>> scansOf(ShapeTally shape) {
    return scansByFingerprint.getOrDefault(shape.fingerprint, List.of());
  }

  /** The servers ({@code address:port}) whose shapes could not be planned. */
  List<String> notPlanned() {
    return notPlanned;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(List<?> values) {
    List<Map<String, Object>> maps = new ArrayList<>(values.size());
    for (Object value : values) {
      if (value instanceof Map<?, ?>) {
        maps.add((Map<String, Object>) value);
      }
    }
    return maps;
  }
}
