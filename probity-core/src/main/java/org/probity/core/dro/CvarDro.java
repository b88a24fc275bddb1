package org.probity.core.dro;

import org.probity.core.data.Batch;
import org.probity.core.objective.Objective;
import org.probity.core.objective.WeightedReduction;
import org.probity.tensor.Tensor;

/**
 * CVaR distributionally robust optimisation at level α (Rockafellar and Uryasev 2000; as a DRO
 * objective Duchi and Namkoong, "Learning Models with Uniform Performance via Distributionally
 * Robust Optimization", Annals of Statistics 2021; Levy, Carmon, Duchi and Sidford, NeurIPS 2020):
 * the mean of the worst ⌈α·B⌉ per-example losses of the batch, i.e. the risk under the worst
 * reweighting of the data with density at most 1/α. It protects any subpopulation of mass ≥ α
 * without group labels, but also up-weights whatever has high loss, mislabeled points included —
 * the weakness Bitrate-Constrained DRO ({@link BitrateDro}) addresses. The gradient is the
 * subgradient 1/k on the k selected losses (ties broken by batch position); α = 1 is the mean.
 * Stateless and thread-safe.
 */
public final class CvarDro implements Objective {
  private final double alpha;

  /** @param alpha the worst-case mass, in (0, 1] */
  public CvarDro(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("cvarDro: alpha must be in (0, 1], got " + alpha);
    }
    this.alpha = alpha;
  }

  public double alpha() {
    return alpha;
  }

  /** The number of losses averaged in a batch of {@code b}: ⌈α·b⌉, at least 1. */
  public int count(int b) {
    // The tolerance keeps α·B that is an integer up to rounding (0.2 · 10) from rounding up.
    return Math.max(1, Math.min(b, (int) Math.ceil(alpha * b - 1e-9)));
  }

  @Override
  public Tensor reduce(Tensor perExampleLoss, Batch batch) {
    double[] l = DroReduction.losses(name(), perExampleLoss);
    double[] w = weights(l);
    double value = 0;
    for (int i = 0; i < l.length; i++) {
      value += w[i] * l[i];
    }
    return WeightedReduction.record(name(), perExampleLoss, value, w);
  }

  /** The per-example weights: 1/k on the k = ⌈α·B⌉ largest losses, 0 elsewhere (sum to 1). */
  public double[] weights(double[] losses) {
    int n = losses.length;
    int k = count(n);
    double[] w = new double[n];
    int[] order = order(losses);
    for (int j = 0; j < k; j++) {
      w[order[j]] = 1.0 / k;
    }
    return w;
  }

  /** Positions of {@code l} from the largest loss to the smallest; equal losses keep batch order. */
  private static int[] order(double[] l) {
    int n = l.length;
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      if (Double.isNaN(l[i])) {
        throw new IllegalArgumentException("cvarDro: loss at position " + i + " is NaN");
      }
      idx[i] = i;
    }
    // A stable merge sort on primitive indices: no boxing, and ties keep batch order.
    int[] tmp = new int[n];
    mergeSort(idx, tmp, 0, n, l);
    return idx;
  }

  private static void mergeSort(int[] a, int[] tmp, int from, int to, double[] l) {
    if (to - from < 2) {
      return;
    }
    int mid = (from + to) >>> 1;
    mergeSort(a, tmp, from, mid, l);
    mergeSort(a, tmp, mid, to, l);
    int i = from;
    int j = mid;
    int k = from;
    while (i < mid && j < to) {
      // Stable: take from the left run unless the right one is strictly larger.
      tmp[k++] = l[a[j]] > l[a[i]] ? a[j++] : a[i++];
    }
    while (i < mid) {
      tmp[k++] = a[i++];
    }
    while (j < to) {
      tmp[k++] = a[j++];
    }
    System.arraycopy(tmp, from, a, from, to - from);
  }

  @Override
  public String name() {
    return "cvarDro(alpha=" + DroReduction.format(alpha) + ")";
  }

  @Override
  public String toString() {
    return name();
  }
}
