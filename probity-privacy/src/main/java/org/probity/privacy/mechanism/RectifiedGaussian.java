package org.probity.privacy.mechanism;

import org.probity.privacy.accountant.analysis.BoundedGaussianRdp;
import org.probity.privacy.accountant.analysis.StandardNormal;
import org.probity.tensor.Rng;

/**
 * The rectified Gaussian mechanism N^R(c, s², [−a, a]) of Hu, Guo, Wang et al., "Privacy
 * Amplification for the Gaussian Mechanism via Bounded Support" (arXiv 2403.05598): add N(0, s²),
 * s = σΔ, then clamp each coordinate to [−a, a] ({@code --rectification --bound a} in the official
 * {@code bounded_noise_optimizer.py}). Clamping is post-processing, so it can never cost privacy;
 * what it buys is that when c sits beyond the bound most of the output's mass is the atom at ±a for
 * c and for its neighbour c + Δ alike, and the exact per-instance RDP
 * ({@link BoundedGaussianRdp#rectified}) drops well below the Gaussian's α/(2σ²). The price is a
 * biased release: a summed gradient larger than a is reported as a.
 *
 * @param noiseMultiplier σ, the noise std in units of the sensitivity
 * @param sensitivity Δ, the L∞ clipping bound of one example's gradient
 * @param bound a &gt; 0; +∞ is the plain Gaussian mechanism
 */
public record RectifiedGaussian(double noiseMultiplier, double sensitivity, double bound) implements BoundedGaussian {
  public RectifiedGaussian {
    BoundedGaussian.check("RectifiedGaussian", noiseMultiplier, sensitivity, bound);
  }

  @Override
  public String kind() {
    return "rectified";
  }

  /** clamp(center + s·N(0, 1), −a, a). */
  @Override
  public double sample(double center, Rng rng) {
    double y = center + noiseStd() * rng.nextGaussian();
    return Math.max(-bound, Math.min(bound, y));
  }

  /**
   * Adds N(0, s²) to each coordinate and clamps it; {@code noise} holds the standard normal draws,
   * so a caller can release the same draws through the Gaussian and the rectified mechanism and
   * compare them on equal noise.
   */
  public void privatizeWith(double[] values, double[] noise) {
    if (values.length != noise.length) {
      throw new IllegalArgumentException("RectifiedGaussian.privatizeWith: " + values.length + " values but "
          + noise.length + " noise draws");
    }
    double s = noiseStd();
    for (int i = 0; i < values.length; i++) {
      double y = values[i] + s * noise[i];
      values[i] = Math.max(-bound, Math.min(bound, y));
    }
  }

  /**
   * E[clamp(X, −a, a)] for X ~ N(c, s²): −a·P(X ≤ −a) + a·P(X ≥ a) + the body's part
   * c·Z + s(φ(l) − φ(u)), with l = (−a−c)/s, u = (a−c)/s and Z = Φ(u) − Φ(l).
   */
  public double mean(double center) {
    double s = noiseStd();
    if (bound == Double.POSITIVE_INFINITY) {
      return center;
    }
    double l = (-bound - center) / s;
    double u = (bound - center) / s;
    double z = Math.exp(StandardNormal.logDiffCdf(l, u));
    return -bound * StandardNormal.cdf(l) + bound * StandardNormal.survival(u) + center * z
        + s * (StandardNormal.pdf(l) - StandardNormal.pdf(u));
  }

  @Override
  public double rdp(double order, double center) {
    return BoundedGaussianRdp.rectified(order, bound, center, sensitivity, noiseStd());
  }

  @Override
  public double[] rdpCurve(double[] orders, double[] centers) {
    return BoundedGaussianRdp.rectifiedCurve(orders, bound, centers, sensitivity, noiseStd());
  }

  @Override
  public String toString() {
    return "RectifiedGaussian[σ=" + noiseMultiplier + ", Δ=" + sensitivity + ", a=" + bound + "]";
  }
}
