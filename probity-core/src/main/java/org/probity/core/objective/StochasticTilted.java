package org.probity.core.objective;

import org.probity.core.data.Batch;
import org.probity.tensor.Tensor;

/**
 * Per-example stochastic TERM with a running normaliser (the stochastic solver of Li et al.,
 * "Tilted Empirical Risk Minimization", ICLR 2021, Algorithm 2, as far as it could be
 * reconstructed). On a minibatch the plain tilted weights {@code softmax(t·l)} normalise within the
 * batch, which is biased for small batches; instead a running estimate S of the full-data
 * normaliser {@code (1/N) Σ exp(t·l_i)} is kept,
 * <pre>
 *   S ← (1 − λ) · S + λ · (1/|B|) Σ_{i∈B} exp(t · l_i)      (S := the first batch's value)
 *   gradient = (1/|B|) Σ_{i∈B} exp(t · l_i) / S · ∇l_i,    value reported = (1/t) · log S
 * </pre>
 * UNVERIFIED: the exact update of the paper's Algorithm 2 (we believe it is this EMA of
 * {@code exp(t·R)}, i.e. {@code R ← (1/t) log((1−λ) e^{tR} + λ e^{tR_B})}), its initialisation and
 * its default λ were not read from the paper; the EMA-of-normaliser idea itself is verified in the
 * authors' code (litian96/TERM, {@code noisy_annotator/.../trainer.py}, at the group level, see
 * {@link StochasticGroupTerm}). S is kept in log space so large |t·l| cannot overflow. λ = 1 gives
 * batch TERM on each minibatch. Stateful: one instance per training run, not shared across threads.
 */
public final class StochasticTilted implements Objective {
  private final double t;
  private final double lambda;
  private double logS = Double.NaN;
  private float[] lastWeights;

  /**
   * @param t the tilt
   * @param lambda the weight of the newest minibatch in the running normaliser, in (0, 1]
   */
  public StochasticTilted(double t, double lambda) {
    this.t = TiltMath.checkTilt("stochasticTilted", "t", t);
    if (!(lambda > 0 && lambda <= 1)) {
      throw new IllegalArgumentException("stochasticTilted: lambda must be in (0, 1], got " + lambda);
    }
    this.lambda = lambda;
  }

  public double t() {
    return t;
  }

  public double lambda() {
    return lambda;
  }

  @Override
  public synchronized Tensor reduce(Tensor perExampleLoss, Batch batch) {
    double[] l = TiltMath.losses(name(), perExampleLoss);
    int n = l.length;
    double[] w = new double[n];
    double value;
    if (t == 0) {
      value = TiltMath.risk(l, 0, n, null, 0);
      java.util.Arrays.fill(w, 1.0 / n);
    } else {
      double batchLog = t * TiltMath.risk(l, 0, n, null, t); // log((1/|B|) Σ exp(t l_i))
      if (Double.isNaN(logS)) {
        logS = batchLog;
      } else {
        logS = logAddExp(Math.log1p(-lambda) + logS, Math.log(lambda) + batchLog);
      }
      for (int i = 0; i < n; i++) {
        w[i] = Math.exp(t * l[i] - logS) / n;
      }
      value = logS / t;
    }
    lastWeights = WeightedReduction.toFloats(w);
    return WeightedReduction.record(name(), perExampleLoss, value, w);
  }

  private static double logAddExp(double a, double b) {
    if (a == Double.NEGATIVE_INFINITY) {
      return b;
    }
    double m = Math.max(a, b);
    return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
  }

  /** The running estimate of the tilted risk, {@code (1/t) log S}; NaN before the first batch (t ≠ 0). */
  public synchronized double runningRisk() {
    return logS / t;
  }

  /** {@code log S}, the running log-normaliser; NaN before the first batch. */
  public synchronized double logNormaliser() {
    return logS;
  }

  /** Forgets the running normaliser (the next batch starts it afresh). */
  public synchronized void reset() {
    logS = Double.NaN;
  }

  /**
   * Per-example weights of the last batch (gradient of the value with respect to each loss; they
   * sum to about 1, exactly 1 only when the batch matches the running normaliser), or null.
   */
  public synchronized float[] lastWeights() {
    return lastWeights == null ? null : lastWeights.clone();
  }

  @Override
  public String name() {
    return "stochasticTilted(t=" + TiltMath.format(t) + ",lambda=" + TiltMath.format(lambda) + ")";
  }

  @Override
  public String toString() {
    return name();
  }
}
