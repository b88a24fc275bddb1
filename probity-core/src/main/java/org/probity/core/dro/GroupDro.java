package org.probity.core.dro;

import java.util.Arrays;

import org.probity.core.data.Batch;
import org.probity.core.objective.Objective;
import org.probity.core.objective.WeightedReduction;
import org.probity.tensor.Tensor;

/**
 * Group DRO with known ("oracle") groups, as trained by Sagawa, Koh, Hashimoto and Liang,
 * "Distributionally Robust Neural Networks for Group Shifts", ICLR 2020 (Algorithm 1): the
 * adversary keeps a distribution q over groups and, each step, moves it by exponentiated gradient
 * on the batch's group mean losses, {@code q_g ← q_g · exp(η · loss_g)}, renormalised; the learner
 * then descends {@code Σ_g q_g · loss_g}. Groups absent from the batch keep their q and contribute
 * no loss, as in the authors' code. Unlike the other objectives this one is stateful: the instance
 * holds q across the steps of one training run (the trainer calls {@link #reduce} once per step),
 * so use a fresh instance — or {@link #reset()} — per run. {@code reduce} is synchronized so the
 * state is never torn, but one run should own the instance.
 */
public final class GroupDro implements Objective {
  private final int numGroups;
  private final double step;
  private final double[] q;

  /**
   * @param numGroups groups with ids 0..numGroups-1 (at least 1)
   * @param step the exponentiated-gradient step size η (≥ 0; 0 keeps q uniform: the mean of group means)
   */
  public GroupDro(int numGroups, double step) {
    if (numGroups < 1) {
      throw new IllegalArgumentException("groupDro: numGroups must be >= 1, got " + numGroups);
    }
    if (!(step >= 0) || !Double.isFinite(step)) {
      throw new IllegalArgumentException("groupDro: step must be a finite number >= 0, got " + step);
    }
    this.numGroups = numGroups;
    this.step = step;
    this.q = new double[numGroups];
    Arrays.fill(q, 1.0 / numGroups);
  }

  public int numGroups() {
    return numGroups;
  }

  public double step() {
    return step;
  }

  /** A copy of the current group weights q (on the simplex). */
  public synchronized double[] groupWeights() {
    return q.clone();
  }

  /** Puts q back to uniform, for a new run. */
  public synchronized void reset() {
    Arrays.fill(q, 1.0 / numGroups);
  }

  @Override
  public synchronized Tensor reduce(Tensor perExampleLoss, Batch batch) {
    double[] l = DroReduction.losses(name(), perExampleLoss);
    if (batch == null || batch.groups() == null) {
      throw new IllegalArgumentException(name() + ": needs group ids, but the batch has none"
          + " (give the dataset groups with Dataset.withGroups)");
    }
    int[] groups = batch.groups();
    if (groups.length != l.length) {
      throw new IllegalArgumentException(name() + ": " + groups.length + " group ids for " + l.length + " losses");
    }
    double[] sum = new double[numGroups];
    int[] count = new int[numGroups];
    for (int i = 0; i < l.length; i++) {
      int g = groups[i];
      if (g < 0 || g >= numGroups) {
        throw new IllegalArgumentException(name() + ": group id " + g + " at position " + i + " is outside 0.."
            + (numGroups - 1));
      }
      sum[g] += l[i];
      count[g]++;
    }
    update(sum, count);
    double value = 0;
    for (int g = 0; g < numGroups; g++) {
      if (count[g] > 0) {
        value += q[g] * sum[g] / count[g];
      }
    }
    double[] w = new double[l.length];
    for (int i = 0; i < l.length; i++) {
      w[i] = q[groups[i]] / count[groups[i]];
    }
    return WeightedReduction.record(name(), perExampleLoss, value, w);
  }

  /** The exponentiated-gradient step in log space, so long runs neither overflow nor underflow. */
  private void update(double[] sum, int[] count) {
    double max = Double.NEGATIVE_INFINITY;
    double[] logq = new double[numGroups];
    for (int g = 0; g < numGroups; g++) {
      double mean = count[g] > 0 ? sum[g] / count[g] : 0;
      logq[g] = Math.log(q[g]) + step * mean;
      max = Math.max(max, logq[g]);
    }
    double z = 0;
    for (int g = 0; g < numGroups; g++) {
      logq[g] = Math.exp(logq[g] - max);
      z += logq[g];
    }
    for (int g = 0; g < numGroups; g++) {
      // A floor keeps log(q) finite: a group driven to 0 could otherwise never recover.
      q[g] = Math.max(logq[g] / z, 1e-300);
    }
  }

  @Override
  public String name() {
    return "groupDro(step=" + DroReduction.format(step) + ")";
  }

  @Override
  public String toString() {
    return name();
  }
}
