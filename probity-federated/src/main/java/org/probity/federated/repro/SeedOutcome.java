package org.probity.federated.repro;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * One seed of one Motley setting: every method's per-client test accuracy (keyed by client id, the
 * same clients for every method, so hurt fractions compare like with like) and the settings that
 * validation chose (fine-tuning epochs, λ), kept for the report.
 */
record SeedOutcome(Map<String, SortedMap<Integer, Double>> testAccuracy, Map<String, Double> chosen) {
  SeedOutcome {
    testAccuracy = Collections.unmodifiableMap(new LinkedHashMap<>(testAccuracy));
    chosen = Collections.unmodifiableMap(new LinkedHashMap<>(chosen));
  }

  double mean(String method) {
    SortedMap<Integer, Double> m = testAccuracy.get(method);
    if (m == null) {
      throw new IllegalArgumentException("motley: no method '" + method + "' (have " + testAccuracy.keySet() + ")");
    }
    return Evaluation.mean(m);
  }
}
