package org.probity.privacy.mechanism;

import org.probity.privacy.accountant.PrivacyChecks;
import org.probity.tensor.Rng;

/**
 * A Gaussian mechanism whose output is confined to [−a, a] per coordinate, after Hu, Guo, Wang et
 * al., "Privacy Amplification for the Gaussian Mechanism via Bounded Support" (arXiv 2403.05598):
 * the {@link RectifiedGaussian} clamps a Gaussian release to the bound, the {@link TruncatedGaussian}
 * samples the Gaussian conditioned on it. With L∞ clipping at Δ (every coordinate of the summed
 * gradient moves by at most Δ when one example changes) each coordinate is its own mechanism, so
 * the RDP of a release is the sum over coordinates of a value that depends on the coordinate's
 * un-noised sum c — a per-instance (data-dependent) guarantee, smaller than the Gaussian's where c
 * lies near or beyond the bound. The interface lets the accountant take either mechanism.
 */
public sealed interface BoundedGaussian permits RectifiedGaussian, TruncatedGaussian {
  /** σ: the noise std in units of the sensitivity. */
  double noiseMultiplier();

  /** Δ: the L∞ sensitivity of the released sum (the per-example, per-coordinate clipping bound). */
  double sensitivity();

  /** a: the support is [−a, a] in every coordinate (+∞ gives back the plain Gaussian). */
  double bound();

  /** s = σ·Δ, the std of the underlying Gaussian noise. */
  default double noiseStd() {
    return noiseMultiplier() * sensitivity();
  }

  /** Draws one release of a coordinate whose exact value is {@code center}. */
  double sample(double center, Rng rng);

  /** Replaces every coordinate of the summed, clipped gradient by its release, in place. */
  default void privatize(float[] values, Rng rng) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) sample(values[i], rng);
    }
  }

  /** Replaces every coordinate by its release, in place. */
  default void privatize(double[] values, Rng rng) {
    for (int i = 0; i < values.length; i++) {
      values[i] = sample(values[i], rng);
    }
  }

  /** The exact RDP at one order of releasing a coordinate whose exact value is {@code center}. */
  double rdp(double order, double center);

  /** The RDP curve of releasing the whole vector {@code centers}: per order, the sum over coordinates. */
  double[] rdpCurve(double[] orders, double[] centers);

  /** Short name for reports: "rectified" or "truncated". */
  String kind();

  /** The checks both mechanisms share: σ > 0, Δ > 0 (finite), a > 0 (+∞ allowed). */
  static void check(String mechanism, double noiseMultiplier, double sensitivity, double bound) {
    PrivacyChecks.noiseMultiplier(mechanism, noiseMultiplier);
    PrivacyChecks.sensitivity(mechanism, sensitivity);
    if (!(bound > 0)) {
      throw new IllegalArgumentException(mechanism + ": support bound a must be > 0, got " + bound);
    }
  }
}
