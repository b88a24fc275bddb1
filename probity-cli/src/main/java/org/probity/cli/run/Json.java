package org.probity.cli.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.probity.core.metrics.Metrics;

/**
 * The JSON conventions of a run folder: compact lines for metrics.jsonl, indented files for
 * summary.json, metric maps as flat objects with per-group maps under "group_" + name (keys are
 * group ids as strings), and NaN or infinities written as null, because JSON has no literal for
 * them and a file that standard parsers reject would be a corrupt file.
 */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();
  public static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Puts a number, or null when it is not finite. */
  public static void put(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  /** Every value of {@code m} and, for each per-group metric, "group_NAME": {"0": v, ...}. */
  public static void putMetrics(ObjectNode o, Metrics m) {
    for (Map.Entry<String, Double> e : m.values().entrySet()) {
      put(o, e.getKey(), e.getValue());
    }
    for (Map.Entry<String, Map<Integer, Double>> e : m.perGroup().entrySet()) {
      ObjectNode g = o.putObject("group_" + e.getKey());
      for (Map.Entry<Integer, Double> ge : e.getValue().entrySet()) {
        put(g, Integer.toString(ge.getKey()), ge.getValue());
      }
    }
  }

  public static ObjectNode metrics(Metrics m) {
    ObjectNode o = object();
    putMetrics(o, m);
    return o;
  }

  public static String pretty(JsonNode n) {
    try {
      return PRETTY.writeValueAsString(n) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
