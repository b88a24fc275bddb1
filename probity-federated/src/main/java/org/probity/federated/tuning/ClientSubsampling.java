package org.probity.federated.tuning;

import java.util.Arrays;
import org.probity.tensor.Rng;

/**
 * Which evaluation clients score a configuration (Kuo et al., MLSys 2023, "On Noisy Evaluation in
 * Federated Hyperparameter Tuning"; notes-federated-privacy §7): in cross-device federated learning
 * only a few of the evaluation clients answer, so a configuration's score is its error on nc of them
 * drawn without replacement, uniformly or, with a {@link SystemsBias}, by sequential draws with
 * probability ∝ (1.0001 − err_k)^b renormalised over the clients not yet drawn (numpy's
 * {@code choice(replace=False, p=...)}, which the paper's notebook uses). A count at least the number
 * of clients takes every client, which is the noiseless full evaluation.
 */
public record ClientSubsampling(int count, SystemsBias bias) {
  /** Take every evaluation client. */
  public static final int ALL = Integer.MAX_VALUE;

  public ClientSubsampling {
    if (count < 1) {
      throw new IllegalArgumentException("client subsampling: the number of evaluation clients nc must be >= 1, got "
          + count);
    }
  }

  public static ClientSubsampling all() {
    return new ClientSubsampling(ALL, null);
  }

  public static ClientSubsampling uniform(int count) {
    return new ClientSubsampling(count, null);
  }

  public static ClientSubsampling biased(int count, double exponent) {
    return new ClientSubsampling(count, new SystemsBias(exponent));
  }

  /** The number of clients a sample from {@code clients} clients holds: min(nc, clients). */
  public int size(int clients) {
    return Math.min(count, clients);
  }

  /**
   * The indices (sorted ascending, distinct) of the sampled clients, given each client's error for
   * the configuration being scored (only the systems bias looks at them).
   */
  public int[] sample(double[] errors, Rng rng) {
    int n = errors.length;
    if (n == 0) {
      throw new IllegalArgumentException("client subsampling: no evaluation clients");
    }
    int m = size(n);
    int[] out;
    if (m == n) {
      out = new int[n];
      for (int k = 0; k < n; k++) {
        out[k] = k;
      }
      return out;
    }
    out = bias == null ? uniform(n, m, rng) : weighted(bias.probabilities(errors), m, rng);
    Arrays.sort(out);
    return out;
  }

  /** A partial Fisher-Yates shuffle: the first m entries of a uniform random permutation. */
  private static int[] uniform(int n, int m, Rng rng) {
    int[] idx = new int[n];
    for (int k = 0; k < n; k++) {
      idx[k] = k;
    }
    for (int k = 0; k < m; k++) {
      int j = k + rng.nextInt(n - k);
      int t = idx[k];
      idx[k] = idx[j];
      idx[j] = t;
    }
    return Arrays.copyOf(idx, m);
  }

  /** m sequential draws ∝ p among the clients not drawn yet. */
  private static int[] weighted(double[] p, int m, Rng rng) {
    double[] w = p.clone();
    double left = 0;
    for (double v : w) {
      left += v;
    }
    int[] out = new int[m];
    for (int i = 0; i < m; i++) {
      double u = rng.nextDouble() * left;
      int pick = -1;
      double acc = 0;
      for (int k = 0; k < w.length; k++) {
        if (w[k] > 0) {
          pick = k; // the last positive weight absorbs rounding at the top end
          acc += w[k];
          if (u < acc) {
            break;
          }
        }
      }
      out[i] = pick;
      left -= w[pick];
      w[pick] = 0;
    }
    return out;
  }
}
