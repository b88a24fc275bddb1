package org.probity.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lenient JSON reading for run files. A diverged run writes NaN and Infinity, either bare (Jackson
 * with non-numeric numbers allowed) or as strings (Jackson's default), so both are read back as
 * doubles; everything else about the format stays strict, and parse errors keep their line and
 * column for the notes.
 */
final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  /** How writers spell non-finite numbers as strings (Jackson's default, Python's json). */
  private static final Set<String> NON_FINITE =
      Set.of("NaN", "nan", "Infinity", "+Infinity", "-Infinity", "inf", "+inf", "-inf");

  private Json() {}

  /** The value as a double: numbers, and the strings "NaN", "Infinity", "-Infinity"; else NaN. */
  static double number(JsonNode n) {
    if (n == null || n.isNull()) {
      return Double.NaN;
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isTextual()) {
      return switch (n.textValue()) {
        case "Infinity", "+Infinity", "inf", "+inf" -> Double.POSITIVE_INFINITY;
        case "-Infinity", "-inf" -> Double.NEGATIVE_INFINITY;
        default -> Double.NaN;
      };
    }
    return Double.NaN;
  }

  /** Whether the node holds a metric value (a number, or a non-numeric-number string). */
  static boolean isNumeric(JsonNode n) {
    if (n == null) {
      return false;
    }
    if (n.isNumber()) {
      return true;
    }
    return n.isTextual() && NON_FINITE.contains(n.textValue());
  }

  /** A string field, or null when absent or not a scalar. */
  static String text(JsonNode obj, String field) {
    JsonNode n = obj == null ? null : obj.get(field);
    return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
  }

  /** The parser's message without Jackson's source dump, plus the column: short enough for a note. */
  static String shortMessage(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    if (m == null) {
      m = e.getClass().getSimpleName();
    }
    int nl = m.indexOf('\n');
    if (nl >= 0) {
      m = m.substring(0, nl);
    }
    if (m.length() > 160) {
      m = m.substring(0, 157) + "...";
    }
    return e.getLocation() == null ? m : m + " (column " + e.getLocation().getColumnNr() + ")";
  }

  /**
   * Flattens an object into (dotted key, text) rows for a two-column table: nested objects join
   * their keys with dots, arrays of scalars become one comma-separated value, arrays of objects
   * index their elements.
   */
  static List<Map.Entry<String, String>> flatten(JsonNode root) {
    List<Map.Entry<String, String>> rows = new ArrayList<>();
    flatten("", root, rows);
    return rows;
  }

  private static void flatten(String prefix, JsonNode n, List<Map.Entry<String, String>> rows) {
    if (n.isObject()) {
      if (n.isEmpty() && !prefix.isEmpty()) {
        rows.add(Map.entry(prefix, "{}"));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), rows);
      }
    } else if (n.isArray()) {
      boolean scalars = true;
      for (JsonNode el : n) {
        scalars &= !el.isContainerNode();
      }
      if (scalars) {
        List<String> parts = new ArrayList<>();
        for (JsonNode el : n) {
          parts.add(el.asText());
        }
        rows.add(Map.entry(prefix, String.join(", ", parts)));
      } else {
        for (int i = 0; i < n.size(); i++) {
          flatten(prefix + "[" + i + "]", n.get(i), rows);
        }
      }
    } else {
      rows.add(Map.entry(prefix.isEmpty() ? "value" : prefix, n.isNull() ? "null" : n.asText()));
    }
  }
}
