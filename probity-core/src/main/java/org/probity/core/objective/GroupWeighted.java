package org.probity.core.objective;

import org.probity.core.data.Batch;
import org.probity.tensor.Tensor;

/**
 * A fixed per-group weighting of the mean loss, {@code (1/B) Σ_i w_{g_i} l_i}: the primal objective
 * of a Lagrangian over group constraints, as in bounded group loss (Agarwal, Dudík, Wu, ICML 2019;
 * Hu, Wu, Smith et al., "Fair Federated Learning via Bounded Group Loss", arXiv 2203.10190), where
 * {@code w_a = 1 + λ_a · n / n_a} turns {@code F + Σ_a λ_a ℓ_a} into one weighted mean over examples.
 * The weights are constants of the step (the dual player changes them between steps), so the
 * reduction is recorded on the tape with gradient {@code w_{g_i} / B} for each loss. Groups come
 * from {@link Batch#groups()}; every group id in a batch must have a weight, since a silent default
 * would drop a constraint the caller thinks is active.
 */
public final class GroupWeighted implements Objective {
  private final double[] weights;

  /** {@code weights[a]} is the weight of group id a; finite and ≥ 0. */
  public GroupWeighted(double[] weights) {
    if (weights == null || weights.length == 0) {
      throw new IllegalArgumentException("groupWeighted: weights must name at least one group, got "
          + (weights == null ? "null" : "an empty array"));
    }
    for (int a = 0; a < weights.length; a++) {
      if (!(weights[a] >= 0) || Double.isInfinite(weights[a])) {
        throw new IllegalArgumentException("groupWeighted: weight of group " + a + " must be finite and >= 0, got "
            + weights[a]);
      }
    }
    this.weights = weights.clone();
  }

  /** A copy of the weights, indexed by group id. */
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public Tensor reduce(Tensor perExampleLoss, Batch batch) {
    if (batch == null || batch.groups() == null) {
      throw new IllegalArgumentException(name() + ": needs group ids, but the batch has none"
          + " (give the dataset groups with Dataset.withGroups)");
    }
    double[] l = TiltMath.losses(name(), perExampleLoss);
    int[] g = batch.groups();
    if (g.length != l.length) {
      throw new IllegalArgumentException(name() + ": need one group id per loss, got " + g.length + " ids for "
          + l.length + " losses");
    }
    double[] w = exampleWeights(g);
    double value = 0;
    for (int i = 0; i < l.length; i++) {
      value += w[i] * l[i];
    }
    return WeightedReduction.record(name(), perExampleLoss, value, w);
  }

  /** Each example's gradient weight {@code w_{g_i} / B}, in batch order. */
  public double[] exampleWeights(int[] groups) {
    double[] w = new double[groups.length];
    for (int i = 0; i < groups.length; i++) {
      int a = groups[i];
      if (a < 0 || a >= weights.length) {
        throw new IllegalArgumentException(name() + ": group id " + a + " at position " + i
            + " has no weight (weights are given for groups 0.." + (weights.length - 1) + ")");
      }
      w[i] = weights[a] / groups.length;
    }
    return w;
  }

  @Override
  public String name() {
    StringBuilder sb = new StringBuilder("groupWeighted(");
    for (int a = 0; a < weights.length; a++) {
      sb.append(a == 0 ? "" : ",").append(TiltMath.format(weights[a]));
    }
    return sb.append(')').toString();
  }

  @Override
  public String toString() {
    return name();
  }
}
