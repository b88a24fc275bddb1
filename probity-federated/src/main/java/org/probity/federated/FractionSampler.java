package org.probity.federated;

import org.probity.tensor.Rng;

/** Samples round(fraction · pool size) clients per round, at least one (McMahan et al. 2017's C). */
public final class FractionSampler implements ClientSampler {
  private final double fraction;

  public FractionSampler(double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction sampler: fraction must be in (0, 1], got " + fraction);
    }
    this.fraction = fraction;
  }

  @Override
  public int[] sample(int[] pool, Rng rng) {
    int k = Math.max(1, (int) Math.round(fraction * pool.length));
    return new FixedCountSampler(k).sample(pool, rng);
  }
}
