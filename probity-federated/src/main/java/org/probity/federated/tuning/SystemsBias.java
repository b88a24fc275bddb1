package org.probity.federated.tuning;

/**
 * Systems heterogeneity in federated evaluation (Kuo, Khodak, Smith, Talwalkar et al., "On Noisy
 * Evaluation in Federated Hyperparameter Tuning", MLSys 2023; notes-federated-privacy §7): the
 * clients that answer an evaluation request are not a uniform sample, because clients on which a
 * model does well (better devices, easier data) report more often. As in the paper's notebook, a
 * client's chance to be sampled is proportional to (1.0001 − err_k)^b, where err_k is the
 * configuration's error on that client and b ≥ 0 the strength of the bias (b = 0: uniform).
 */
public record SystemsBias(double exponent) {
  /** The notebook's offset, so that a client with error 1 keeps a tiny positive chance. */
  public static final double OFFSET = 1.0001;

  public SystemsBias {
    if (!(exponent >= 0) || Double.isInfinite(exponent)) {
      throw new IllegalArgumentException("systems bias: exponent b must be finite and >= 0, got " + exponent);
    }
  }

  /** Sampling weight of a client with error {@code error}: (1.0001 − error)^b, unnormalised. */
  public double weight(double error) {
    if (!(error >= 0 && error <= 1)) {
      throw new IllegalArgumentException("systems bias: a client's error must lie in [0, 1], got " + error);
    }
    return Math.pow(OFFSET - error, exponent);
  }

  /** The normalised sampling probabilities p_k ∝ (1.0001 − err_k)^b of every client. */
  public double[] probabilities(double[] errors) {
    if (errors.length == 0) {
      throw new IllegalArgumentException("systems bias: no clients");
    }
    double[] p = new double[errors.length];
    double total = 0;
    for (int k = 0; k < p.length; k++) {
      p[k] = weight(errors[k]);
      total += p[k];
    }
    for (int k = 0; k < p.length; k++) {
      p[k] /= total;
    }
    return p;
  }
}
