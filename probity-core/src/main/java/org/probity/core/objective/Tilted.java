package org.probity.core.objective;

import org.probity.core.data.Batch;
import org.probity.tensor.Shape;
import org.probity.tensor.Tensor;

/**
 * Tilted empirical risk (TERM; Li, Beirami, Sanjabi and Smith, "Tilted Empirical Risk
 * Minimization", ICLR 2021, and "On Tilted Losses in Machine Learning", JMLR 2023):
 * {@code R(t) = (1/t) · log((1/N) Σ_i exp(t · l_i))}. Its gradient is {@code Σ_i w_i ∇l_i} with
 * {@code w = softmax(t · l)}: t &lt; 0 down-weights high-loss examples (outliers, noisy labels),
 * t &gt; 0 up-weights them (fairness, worst-group); t = 0 is exactly the mean (ERM), and
 * t → ±∞ tends to the max / min loss. Computed in double by a stable log-sum-exp that also stays
 * accurate as t → 0 (see {@code TiltMath}), and recorded as one fused op whose backward hands each
 * loss its weight. Immutable apart from {@link #lastWeights()}, a snapshot for inspection.
 */
public final class Tilted implements Objective {
  private final double t;
  private volatile float[] lastWeights;

  public Tilted(double t) {
    this.t = TiltMath.checkTilt("tilted", "t", t);
  }

  public double t() {
    return t;
  }

  /** The tilted risk of the losses, as a scalar on the tape; the batch is not needed. */
  @Override
  public Tensor reduce(Tensor perExampleLoss, Batch batch) {
    double[] l = TiltMath.losses(name(), perExampleLoss);
    double value = TiltMath.risk(l, 0, l.length, null, t);
    double[] w = new double[l.length];
    TiltMath.weights(l, 0, l.length, null, t, w);
    lastWeights = WeightedReduction.toFloats(w);
    return WeightedReduction.record(name(), perExampleLoss, value, w);
  }

  /** The tilted weights {@code softmax(t · l)} of these losses (sum to 1; uniform at t = 0), shape [B]. */
  public Tensor weights(Tensor perExampleLoss) {
    double[] l = TiltMath.losses(name(), perExampleLoss);
    double[] w = new double[l.length];
    TiltMath.weights(l, 0, l.length, null, t, w);
    return Tensor.wrap(WeightedReduction.toFloats(w), Shape.of(l.length));
  }

  /**
   * A copy of the weights of the last batch reduced through this object (by any thread), or null
   * before the first; for inspection and reports, not for training logic.
   */
  public float[] lastWeights() {
    float[] w = lastWeights;
    return w == null ? null : w.clone();
  }

  /** The tilted risk {@code (1/t) log mean exp(t l)} in double (the mean at t = 0), e.g. for evaluation. */
  public static double risk(double[] losses, double t) {
    TiltMath.checkTilt("tilted", "t", t);
    if (losses == null || losses.length == 0) {
      throw new IllegalArgumentException("tilted: need at least one loss");
    }
    return TiltMath.risk(losses, 0, losses.length, null, t);
  }

  /** As {@link #risk(double[], double)} for float losses. */
  public static double risk(float[] losses, double t) {
    if (losses == null) {
      throw new IllegalArgumentException("tilted: need at least one loss");
    }
    double[] d = new double[losses.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = losses[i];
    }
    return risk(d, t);
  }

  @Override
  public String name() {
    return "tilted(t=" + TiltMath.format(t) + ")";
  }

  @Override
  public String toString() {
    return name();
  }
}
