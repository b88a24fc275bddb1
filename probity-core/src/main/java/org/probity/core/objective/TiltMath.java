package org.probity.core.objective;

/**
 * The numerics shared by the tilted objectives, in double: the weighted tilted risk
 * {@code (1/t) · log Σ p_i exp(t · l_i)} and its gradient, the tilted weights
 * {@code p_i exp(t l_i) / Σ_j p_j exp(t l_j)}. Both are computed after centring on the weighted
 * mean μ, so the risk is {@code μ + (1/t) · log Σ p_i exp(t (l_i − μ))}: for large |t| the log-sum-exp
 * is shifted by its maximum (no overflow), and for small |t·(l − μ)| it is evaluated as
 * {@code log1p(Σ p_i expm1(t d_i)) / t}, whose error stays at rounding level times the spread of the
 * losses however small t is, where the textbook form loses all digits to cancellation as t → 0.
 */
final class TiltMath {
  private TiltMath() {}

  /** Below this |t|·max|l − μ| the expm1/log1p form is used; above it the shifted log-sum-exp. */
  private static final double SMALL = 0.5;

  /**
   * Tilted risk of {@code l[from .. from+n)} with probabilities {@code p} at the same indices
   * (null = uniform 1/n); {@code t = 0} gives the weighted mean exactly.
   */
  static double risk(double[] l, int from, int n, double[] p, double t) {
    // Uniform weights divide once at the end, so t = 0 returns exactly sum / n.
    double mu = 0;
    for (int i = from; i < from + n; i++) {
      mu += p == null ? l[i] : p[i] * l[i];
    }
    if (p == null) {
      mu /= n;
    }
    if (t == 0 || !Double.isFinite(mu)) {
      return mu;
    }
    double maxDev = 0;
    double maxTd = Double.NEGATIVE_INFINITY;
    for (int i = from; i < from + n; i++) {
      double d = l[i] - mu;
      if (prob(p, i, n) > 0) {
        maxDev = Math.max(maxDev, Math.abs(d));
        maxTd = Math.max(maxTd, t * d);
      }
    }
    if (Math.abs(t) * maxDev <= SMALL) {
      double s = 0;
      for (int i = from; i < from + n; i++) {
        double e = Math.expm1(t * (l[i] - mu));
        s += p == null ? e : p[i] * e;
      }
      return mu + Math.log1p(p == null ? s / n : s) / t;
    }
    double s = 0;
    for (int i = from; i < from + n; i++) {
      double e = Math.exp(t * (l[i] - mu) - maxTd);
      s += p == null ? e : p[i] * e;
    }
    return mu + (maxTd + Math.log(p == null ? s / n : s)) / t;
  }

  /**
   * Writes the tilted weights of {@code l[from .. from+n)} to {@code out} at the same indices; they
   * sum to 1 and are {@code p} itself when {@code t = 0}.
   */
  static void weights(double[] l, int from, int n, double[] p, double t, double[] out) {
    if (t == 0) {
      for (int i = from; i < from + n; i++) {
        out[i] = prob(p, i, n);
      }
      return;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = from; i < from + n; i++) {
      if (prob(p, i, n) > 0) {
        max = Math.max(max, t * l[i]);
      }
    }
    double s = 0;
    for (int i = from; i < from + n; i++) {
      double w = prob(p, i, n) * Math.exp(t * l[i] - max);
      out[i] = w;
      s += w;
    }
    for (int i = from; i < from + n; i++) {
      out[i] /= s;
    }
  }

  private static double prob(double[] p, int i, int n) {
    return p == null ? 1.0 / n : p[i];
  }

  /** Per-example losses as doubles, after checking they form a non-empty vector. */
  static double[] losses(String op, org.probity.tensor.Tensor perExampleLoss) {
    checkVector(op, perExampleLoss);
    float[] a = perExampleLoss.data();
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i];
    }
    return out;
  }

  static void checkVector(String op, org.probity.tensor.Tensor perExampleLoss) {
    if (perExampleLoss == null) {
      throw new IllegalArgumentException(op + ": per-example losses are null");
    }
    if (perExampleLoss.rank() != 1 || perExampleLoss.size() == 0) {
      throw new IllegalArgumentException(op + ": expected a non-empty vector of per-example losses [B], got shape "
          + perExampleLoss.shape());
    }
  }

  /** A tilt or temperature written for names: -2 rather than -2.0, 1e-6 as 0.000001. */
  static String format(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  static double checkTilt(String op, String name, double t) {
    if (!Double.isFinite(t)) {
      throw new IllegalArgumentException(op + ": " + name + " must be a finite number, got " + t);
    }
    return t;
  }
}
