package org.probity.federated.privacy;

/**
 * How a silo draws the batches of its private local training. The RDP accountant of the
 * subsampled Gaussian assumes {@link #POISSON} sampling (every example joins each batch
 * independently with probability q), which is what a guarantee should rest on; {@link #SHUFFLED}
 * keeps the non-private client's shuffled fixed-size batches and is accounted as if it were Poisson
 * with q = B/n, as the official MR-MTL code (Liu, Hu, Wu, Smith, NeurIPS 2022) and most DP code do —
 * standard practice, but technically optimistic, so reports say which was used.
 */
public enum Batching {
  /** Each example in each step's batch independently with probability q = B/n (exact accounting). */
  POISSON,
  /** Shuffled fixed-size batches of B, as without privacy, accounted as Poisson with q = B/n. */
  SHUFFLED;

  /** The spelling of specs and configs: "poisson" or "shuffled". */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The batching spelt {@code label}; IllegalArgumentException naming both choices otherwise. */
  public static Batching of(String label) {
    for (Batching b : values()) {
      if (b.label().equals(label)) {
        return b;
      }
    }
    throw new IllegalArgumentException("silo privacy: batching must be poisson or shuffled, got '" + label + "'");
  }
}
