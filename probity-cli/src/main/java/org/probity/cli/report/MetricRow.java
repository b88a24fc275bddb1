package org.probity.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of metrics.jsonl: which variant and split it measures, at which step, and the metric
 * fields themselves ({@code loss}, {@code accuracy}, {@code group_accuracy}, ...), kept as the
 * parsed JSON so that keys added later by the trainer still reach the page.
 */
record MetricRow(String variant, String split, double step, JsonNode values) {
  /** A scalar metric, NaN when the row does not have it. */
  double get(String key) {
    return Json.number(values.get(key));
  }

  boolean has(String key) {
    return Json.isNumeric(values.get(key));
  }

  /** A per-group map such as {@code group_accuracy}, ordered by group; empty when absent. */
  Map<String, Double> groups(String key) {
    return groupMap(values.get(key));
  }

  /** Reads {"0": 0.9, "1": 0.5} into a map ordered numerically when the group ids are numbers. */
  static Map<String, Double> groupMap(JsonNode n) {
    if (n == null || !n.isObject()) {
      return Map.of();
    }
    Map<String, Double> out = new TreeMap<>(MetricRow::compareGroups);
    n.fields().forEachRemaining(e -> {
      if (Json.isNumeric(e.getValue())) {
        out.put(e.getKey(), Json.number(e.getValue()));
      }
    });
    return new LinkedHashMap<>(out);
  }

  /** Group ids are usually small integers: "2" sorts before "10". */
  static int compareGroups(String a, String b) {
    boolean na = isInt(a);
    boolean nb = isInt(b);
    if (na && nb) {
      int c = Long.compare(Long.parseLong(a), Long.parseLong(b));
      return c != 0 ? c : a.compareTo(b);
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isInt(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = s.charAt(0) == '-' && s.length() > 1 ? 1 : 0; i < s.length(); i++) {
      if (!Character.isDigit(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
