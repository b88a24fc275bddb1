package org.probity.cli.report;

import java.util.Map;

/**
 * One row of the comparison: a variant's final metrics (scalars such as accuracy, and per-group
 * maps such as group_accuracy) and where they come from: the test set per summary.json, or, for an
 * unfinished run, the variant's last evaluation in metrics.jsonl ({@code source} says which).
 */
record VariantResult(
    String name,
    String objective,
    double steps,
    double seconds,
    Map<String, Double> metrics,
    Map<String, Map<String, Double>> groups,
    String source) {

  static final String TEST = "test";

  boolean fromTest() {
    return TEST.equals(source);
  }

  double metric(String key) {
    Double v = metrics.get(key);
    return v == null ? Double.NaN : v;
  }
}
