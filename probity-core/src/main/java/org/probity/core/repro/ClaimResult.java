package org.probity.core.repro;

import java.util.Map;

/**
 * What a reproduction measured for one claim, in named numbers (kept in insertion order), whether
 * the claim held, and a note on how it was measured (seeds, thresholds).
 */
public record ClaimResult(Claim claim, Map<String, Double> measured, boolean pass, String note) {
  public ClaimResult {
    measured = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(measured));
  }
}
