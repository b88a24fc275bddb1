package org.probity.privacy.mechanism;

import org.probity.privacy.accountant.analysis.BoundedGaussianRdp;
import org.probity.privacy.accountant.analysis.StandardNormal;
import org.probity.tensor.Rng;

/**
 * The truncated Gaussian mechanism N^T(c, s², [−a, a]) of Hu, Guo, Wang et al., "Privacy
 * Amplification for the Gaussian Mechanism via Bounded Support" (arXiv 2403.05598): the release is
 * N(c, s²) conditioned on [−a, a] ({@code --truncation}, scipy's {@code truncnorm} in the official
 * code). Unlike rectification it has no atoms, so it keeps more of the gradient's direction when c
 * lies beyond the bound, and its exact RDP ({@link BoundedGaussianRdp#truncated}) is again below the
 * Gaussian's (log-concavity of the mass Z(m) the Gaussian puts on the support).
 *
 * <p>Sampling is exact by inversion, x = Φ⁻¹(Φ(l) + u·(Φ(h) − Φ(l))) in standard units, done in log
 * space: when c lies 50 standard deviations beyond the bound, Φ(l) and Φ(h) underflow, yet the
 * conditioned law is perfectly well defined (nearly an exponential on the nearer edge), and
 * {@link StandardNormal#inverseLogCdf} resolves it. An interval on the right of 0 is mirrored to the
 * left, and a draw above the median is taken from the upper tail, so no step subtracts two
 * probabilities near 1.
 *
 * @param noiseMultiplier σ, the noise std in units of the sensitivity
 * @param sensitivity Δ, the L∞ clipping bound of one example's gradient
 * @param bound a &gt; 0; +∞ is the plain Gaussian mechanism
 */
public record TruncatedGaussian(double noiseMultiplier, double sensitivity, double bound) implements BoundedGaussian {
  private static final double LOG_HALF = Math.log(0.5);

  public TruncatedGaussian {
    BoundedGaussian.check("TruncatedGaussian", noiseMultiplier, sensitivity, bound);
  }

  @Override
  public String kind() {
    return "truncated";
  }

  /** One draw of N(center, s²) conditioned on [−a, a]. */
  @Override
  public double sample(double center, Rng rng) {
    if (!Double.isFinite(center)) {
      throw new IllegalArgumentException("TruncatedGaussian.sample: center must be finite, got " + center);
    }
    double s = noiseStd();
    if (bound == Double.POSITIVE_INFINITY) {
      return center + s * rng.nextGaussian();
    }
    double lo = (-bound - center) / s;
    double hi = (bound - center) / s;
    double x = standardSample(lo, hi, rng.nextDouble());
    double y = center + s * x;
    return Math.max(-bound, Math.min(bound, y)); // rounding only
  }

  /**
   * The u-quantile of the standard normal conditioned on [lo, hi]: the x with
   * Φ(x) − Φ(lo) = u·(Φ(hi) − Φ(lo)).
   */
  static double standardSample(double lo, double hi, double u) {
    if (lo + hi > 0) {
      // Mirror so that most of the interval lies left of 0, where log Φ has its precision.
      return -standardSample(-hi, -lo, 1 - u);
    }
    double logZ = StandardNormal.logDiffCdf(lo, hi);
    double logLo = StandardNormal.logCdf(lo);
    double logP = StandardNormal.logAddExp(logLo, Math.log(u) + logZ);
    double x;
    if (logP <= LOG_HALF) {
      x = StandardNormal.inverseLogCdf(logP);
    } else {
      // Above the median: 1 − Φ(x) = Φ(−hi) + (1 − u)·Z, small and exact.
      double logQ = StandardNormal.logAddExp(StandardNormal.logCdf(-hi), Math.log1p(-u) + logZ);
      x = -StandardNormal.inverseLogCdf(Math.min(logQ, LOG_HALF));
    }
    return Math.max(lo, Math.min(hi, x));
  }

  /**
   * E[X | −a ≤ X ≤ a] for X ~ N(c, s²): c + s·(φ(l) − φ(h))/Z with l = (−a−c)/s, h = (a−c)/s, the
   * ratios taken in logs so a c far outside the support still gives a point near the edge.
   */
  public double mean(double center) {
    double s = noiseStd();
    if (bound == Double.POSITIVE_INFINITY) {
      return center;
    }
    double l = (-bound - center) / s;
    double h = (bound - center) / s;
    double logZ = StandardNormal.logDiffCdf(l, h);
    double ratioL = Math.exp(StandardNormal.logPdf(l) - logZ);
    double ratioH = Math.exp(StandardNormal.logPdf(h) - logZ);
    return center + s * (ratioL - ratioH);
  }

  /**
   * Var[X | −a ≤ X ≤ a] = s²·[1 + (l·φ(l) − h·φ(h))/Z − ((φ(l) − φ(h))/Z)²]; it cancels when c is
   * many s outside the support, so it serves tests and reports, not the far tail.
   */
  public double variance(double center) {
    double s = noiseStd();
    if (bound == Double.POSITIVE_INFINITY) {
      return s * s;
    }
    double l = (-bound - center) / s;
    double h = (bound - center) / s;
    double logZ = StandardNormal.logDiffCdf(l, h);
    double ratioL = Math.exp(StandardNormal.logPdf(l) - logZ);
    double ratioH = Math.exp(StandardNormal.logPdf(h) - logZ);
    double d = ratioL - ratioH;
    return s * s * (1 + l * ratioL - h * ratioH - d * d);
  }

  @Override
  public double rdp(double order, double center) {
    return BoundedGaussianRdp.truncated(order, bound, center, sensitivity, noiseStd());
  }

  @Override
  public double[] rdpCurve(double[] orders, double[] centers) {
    return BoundedGaussianRdp.truncatedCurve(orders, bound, centers, sensitivity, noiseStd());
  }

  @Override
  public String toString() {
    return "TruncatedGaussian[σ=" + noiseMultiplier + ", Δ=" + sensitivity + ", a=" + bound + "]";
  }
}
