package org.probity.federated;

import java.util.Arrays;
import org.probity.tensor.Rng;

/** Samples a fixed number of clients per round uniformly without replacement (McMahan et al. 2017, K clients). */
public final class FixedCountSampler implements ClientSampler {
  private final int count;

  public FixedCountSampler(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("fixed-count sampler: count must be >= 1, got " + count);
    }
    this.count = count;
  }

  @Override
  public int[] sample(int[] pool, Rng rng) {
    if (count >= pool.length) {
      return pool.clone();
    }
    int[] perm = rng.permutation(pool.length);
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = pool[perm[i]];
    }
    Arrays.sort(out);
    return out;
  }
}
