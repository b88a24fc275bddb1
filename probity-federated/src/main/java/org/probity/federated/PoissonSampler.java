package org.probity.federated;

import java.util.Arrays;
import org.probity.tensor.Rng;

/**
 * Includes each client independently with probability {@code rate}, so the cohort size varies
 * (and may be zero); this is the sampling that privacy amplification for DP-FedAvg assumes
 * (McMahan et al. 2018).
 */
public final class PoissonSampler implements ClientSampler {
  private final double rate;

  public PoissonSampler(double rate) {
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("poisson sampler: rate must be in (0, 1], got " + rate);
    }
    this.rate = rate;
  }

  @Override
  public int[] sample(int[] pool, Rng rng) {
    int[] out = new int[pool.length];
    int n = 0;
    for (int id : pool) {
      if (rng.nextDouble() < rate) {
        out[n++] = id;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
