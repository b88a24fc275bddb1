package org.probity.core.dro;

import org.probity.tensor.Tensor;

/**
 * What every DRO objective of this package shares: checking the per-example losses and naming
 * parameters. Each records its risk with core's {@link org.probity.core.objective.WeightedReduction}:
 * a scalar whose gradient with respect to loss {@code i} is a fixed weight {@code w_i} (the
 * adversary's distribution over the batch: the top-α set for CVaR, the group weights for Group DRO,
 * the VIB adversary's η for BR-DRO). Treating the adversary's weights as constants in the learner's
 * backward pass is exactly the learner's half of the min-max game (Danskin's theorem).
 */
final class DroReduction {
  private DroReduction() {}

  /** The losses as doubles, after checking they form a non-empty vector [B]. */
  static double[] losses(String op, Tensor perExampleLoss) {
    if (perExampleLoss == null) {
      throw new IllegalArgumentException(op + ": per-example losses are null");
    }
    if (perExampleLoss.rank() != 1 || perExampleLoss.size() == 0) {
      throw new IllegalArgumentException(op + ": expected a non-empty vector of per-example losses [B], got shape "
          + perExampleLoss.shape());
    }
    float[] a = perExampleLoss.data();
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  /** A parameter written for names: 0.2 rather than 0.20000000000000001. */
  static String format(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
