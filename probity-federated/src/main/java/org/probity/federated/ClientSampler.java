package org.probity.federated;

import org.probity.tensor.Rng;

/**
 * Chooses which clients take part in a round. Samplers draw only from the round's {@link Rng}, so a
 * seed fixes every round's cohort; returned ids are sorted ascending.
 */
@FunctionalInterface
public interface ClientSampler {
  /** A sorted subset of {@code pool} (client ids, sorted ascending). */
  int[] sample(int[] pool, Rng rng);

  /** Every client every round (cross-silo). */
  static ClientSampler all() {
    return (pool, rng) -> pool.clone();
  }

  /** Exactly {@code count} clients (all if fewer), uniformly without replacement (FedAvg's K clients per round). */
  static ClientSampler fixedCount(int count) {
    return new FixedCountSampler(count);
  }

  /** round(fraction · pool size) clients, at least one (FedAvg's C). */
  static ClientSampler fraction(double fraction) {
    return new FractionSampler(fraction);
  }

  /** Each client independently with probability {@code rate} (Poisson sampling, as DP-FedAvg's accounting assumes). */
  static ClientSampler poisson(double rate) {
    return new PoissonSampler(rate);
  }
}
