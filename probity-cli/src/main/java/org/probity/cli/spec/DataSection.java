package org.probity.cli.spec;

import java.util.Map;

/**
 * The {@code data:} section: which dataset or generator ({@code source}), the held-out test
 * fraction, the share of the training part held out for validation (0: none; a sweep chooses on it,
 * so that the test score it reports is not the one it chose by), whether features are standardised
 * (with statistics from the training split only), label noise applied to the training split, and
 * generator options passed through by name. In a federated spec the test and validation fractions
 * are 0 and there is no label noise (every client splits its own rows by {@code federated.split}),
 * and {@code standardize} means each client standardises with its own training statistics.
 */
public record DataSection(String source, double testFraction, double validationFraction, boolean standardize,
    LabelNoise labelNoise, Map<String, Object> options) {
  public DataSection {
    options = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(options));
  }

  /** Label noise on the training split: {@code uniform} or {@code class-dependent}, at {@code rate}. */
  public record LabelNoise(String kind, double rate) {}
}
