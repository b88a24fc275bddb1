package org.probity.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * The measured figures of one evaluation: an ordered map from metric name to value ("loss",
 * "accuracy", "auroc", ...) and, for data with group ids, per-group maps from group id to value
 * ("accuracy" → {0: 0.97, 1: 0.61}). It is a plain value so that the run layer can write it to
 * metrics.jsonl and summary.json as it is and reports can compare variants by name. Metrics that
 * are undefined for the data (AUROC with one class present, a group with no examples) are left
 * out rather than stored as NaN, so every stored number is a real measurement.
 *
 * @param values metric name to value, in insertion order
 * @param perGroup metric name to (group id to value), groups in increasing id order
 */
public record Metrics(Map<String, Double> values, Map<String, Map<Integer, Double>> perGroup) {
  public static final String LOSS = "loss";
  public static final String ACCURACY = "accuracy";
  public static final String WORST_GROUP_ACCURACY = "worst_group_accuracy";
  public static final String WORST_GROUP_LOSS = "worst_group_loss";
  public static final String MSE = "mse";
  public static final String RMSE = "rmse";
  public static final String AUROC = "auroc";
  public static final String ECE = "ece";

  public Metrics {
    Map<String, Double> v = new LinkedHashMap<>(values);
    Map<String, Map<Integer, Double>> g = new LinkedHashMap<>();
    for (Map.Entry<String, Map<Integer, Double>> e : perGroup.entrySet()) {
      g.put(e.getKey(), Collections.unmodifiableMap(new TreeMap<>(e.getValue())));
    }
    values = Collections.unmodifiableMap(v);
    perGroup = Collections.unmodifiableMap(g);
  }

  public static Metrics empty() {
    return new Metrics(Map.of(), Map.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The value of {@code name}; fails naming the metrics that exist when it is absent. */
  public double get(String name) {
    Double v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("metrics: no metric named '" + name + "'; have " + values.keySet());
    }
    return v;
  }

  /** The value of {@code name}, or empty when it was not measured. */
  public OptionalDouble find(String name) {
    Double v = values.get(name);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Per-group values of {@code name} (group id to value), or an empty map when not measured per group. */
  public Map<Integer, Double> group(String name) {
    Map<Integer, Double> m = perGroup.get(name);
    return m == null ? Map.of() : m;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append('=')
          .append(String.format(java.util.Locale.ROOT, "%.4f", e.getValue()));
    }
    for (Map.Entry<String, Map<Integer, Double>> e : perGroup.entrySet()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(" by group ").append(e.getValue());
    }
    return "Metrics(" + sb + ")";
  }

  /** Collects metrics in order; later puts of the same name replace earlier ones. */
  public static final class Builder {
    private final Map<String, Double> values = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Double>> perGroup = new LinkedHashMap<>();

    private Builder() {}

    public Builder put(String name, double value) {
      values.put(name, value);
      return this;
    }

    public Builder putGroup(String name, int group, double value) {
      perGroup.computeIfAbsent(name, k -> new TreeMap<>()).put(group, value);
      return this;
    }

    public Builder putAll(Metrics other) {
      values.putAll(other.values());
      for (Map.Entry<String, Map<Integer, Double>> e : other.perGroup().entrySet()) {
        perGroup.computeIfAbsent(e.getKey(), k -> new TreeMap<>()).putAll(e.getValue());
      }
      return this;
    }

    public Metrics build() {
      return new Metrics(values, perGroup);
    }
  }
}
