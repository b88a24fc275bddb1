package org.probity.core.objective;

import java.util.Arrays;
import org.probity.core.data.Batch;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Hierarchical TERM (Li et al., JMLR 2023, §"hierarchical tilting"; code {@code hierarchical/} in
 * litian96/TERM): a tilt {@code t} within each group and a tilt {@code τ} across groups weighted by
 * group size,
 * <pre>
 *   R(τ, t) = (1/τ) · log Σ_g (|g|/N) · exp(τ · R_g(t)),    R_g(t) = (1/t) · log((1/|g|) Σ_{i∈g} exp(t · l_i)).
 * </pre>
 * t &lt; 0 inside groups suppresses noisy examples while τ &gt; 0 across groups protects the worst-off
 * group; τ = 0 gives the size-weighted mean of the group risks and t = 0 plain group means (both 0:
 * the overall mean). The gradient with respect to {@code l_i} (i in group g) is
 * {@code W_g · w_i}: the outer tilted weight of g, {@code |g| exp(τ R_g) / Σ_h |h| exp(τ R_h)}, times
 * the inner softmax weight of i within g. Groups come from {@link Batch#groups()}; |g| and N are
 * counted in the batch, so only the groups present in the batch take part.
 */
public final class GroupTilted implements Objective {
  /**
   * Everything the objective computed for one batch: the value, the groups present (sorted ids),
   * their sizes in the batch, risks {@code R_g(t)} and outer weights {@code W_g} (sum to 1), and each
   * example's total weight {@code W_g · w_i} in batch order (sums to 1).
   */
  public record Breakdown(double value, int[] groupIds, int[] groupSizes, double[] groupRisks, double[] groupWeights,
      double[] exampleWeights) {}

  private final double tau;
  private final double t;
  private volatile float[] lastWeights;

  public GroupTilted(double tau, double t) {
    this.tau = TiltMath.checkTilt("groupTilted", "tau", tau);
    this.t = TiltMath.checkTilt("groupTilted", "t", t);
  }

  public double tau() {
    return tau;
  }

  public double t() {
    return t;
  }

  @Override
  public Tensor reduce(Tensor perExampleLoss, Batch batch) {
    if (batch == null || batch.groups() == null) {
      throw new IllegalArgumentException(name() + ": needs group ids, but the batch has none"
          + " (give the dataset groups with Dataset.withGroups)");
    }
    Breakdown b = breakdown(perExampleLoss, batch.groups());
    lastWeights = WeightedReduction.toFloats(b.exampleWeights());
    return WeightedReduction.record(name(), perExampleLoss, b.value(), b.exampleWeights());
  }

  /** Per-example weights (the gradient of the value with respect to each loss), shape [B]. */
  public Tensor weights(Tensor perExampleLoss, int[] groups) {
    double[] w = breakdown(perExampleLoss, groups).exampleWeights();
    return Tensor.wrap(WeightedReduction.toFloats(w), Shape.of(w.length));
  }

  /** A copy of the per-example weights of the last batch reduced (by any thread), or null. */
  public float[] lastWeights() {
    float[] w = lastWeights;
    return w == null ? null : w.clone();
  }

  /** The full computation for these losses and group ids (non-negative, one per loss). */
  public Breakdown breakdown(Tensor perExampleLoss, int[] groups) {
    return compute(name(), TiltMath.losses(name(), perExampleLoss), groups, tau, t);
  }

  /** The hierarchical tilted risk in double, e.g. for evaluation on a whole split. */
  public static double risk(double[] losses, int[] groups, double tau, double t) {
    TiltMath.checkTilt("groupTilted", "tau", tau);
    TiltMath.checkTilt("groupTilted", "t", t);
    if (losses == null || losses.length == 0) {
      throw new IllegalArgumentException("groupTilted: need at least one loss");
    }
    return compute("groupTilted", losses, groups, tau, t).value();
  }

  private static Breakdown compute(String op, double[] l, int[] groups, double tau, double t) {
    int n = l.length;
    if (groups == null || groups.length != n) {
      throw new IllegalArgumentException(op + ": need one group id per loss, got "
          + (groups == null ? "none" : groups.length + " ids") + " for " + n + " losses");
    }
    // Sort positions by group (stable within a group) so each group is one contiguous run.
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      if (groups[i] < 0) {
        throw new IllegalArgumentException(op + ": group ids must be >= 0, got " + groups[i] + " at position " + i);
      }
      keys[i] = ((long) groups[i] << 32) | i;
    }
    Arrays.sort(keys);
    double[] sorted = new double[n];
    int numGroups = 0;
    for (int i = 0; i < n; i++) {
      sorted[i] = l[(int) keys[i]];
      if (i == 0 || (keys[i] >>> 32) != (keys[i - 1] >>> 32)) {
        numGroups++;
      }
    }
    int[] ids = new int[numGroups];
    int[] sizes = new int[numGroups];
    int[] starts = new int[numGroups];
    for (int i = 0, k = -1; i < n; i++) {
      if (i == 0 || (keys[i] >>> 32) != (keys[i - 1] >>> 32)) {
        k++;
        ids[k] = (int) (keys[i] >>> 32);
        starts[k] = i;
      }
      sizes[k]++;
    }
    double[] inner = new double[n];
    double[] risks = new double[numGroups];
    double[] p = new double[numGroups];
    for (int k = 0; k < numGroups; k++) {
      risks[k] = TiltMath.risk(sorted, starts[k], sizes[k], null, t);
      TiltMath.weights(sorted, starts[k], sizes[k], null, t, inner);
      p[k] = (double) sizes[k] / n;
    }
    double value = TiltMath.risk(risks, 0, numGroups, p, tau);
    double[] outer = new double[numGroups];
    TiltMath.weights(risks, 0, numGroups, p, tau, outer);
    double[] example = new double[n];
    for (int k = 0; k < numGroups; k++) {
      for (int i = starts[k]; i < starts[k] + sizes[k]; i++) {
        example[(int) keys[i]] = outer[k] * inner[i];
      }
    }
    return new Breakdown(value, ids, sizes, risks, outer, example);
  }

  @Override
  public String name() {
    return "groupTilted(tau=" + TiltMath.format(tau) + ",t=" + TiltMath.format(t) + ")";
  }

  @Override
  public String toString() {
    return name();
  }
}
