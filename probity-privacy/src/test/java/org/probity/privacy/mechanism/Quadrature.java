package org.probity.privacy.mechanism;

import java.util.function.DoubleUnaryOperator;

/**
 * Composite Simpson integration of a Gaussian-shaped density on an interval, written out here so the
 * sampling tests check the mechanisms' closed-form moments against a computation that shares no
 * code with them (no Φ, no erf): the density exp(−(x−c)²/(2s²)) is scaled by its value at the point
 * of the interval nearest c, so a support 50 standard deviations from c integrates without underflow.
 */
final class Quadrature {
  private Quadrature() {}

  /**
   * {mass, mean, variance} of the density ∝ exp(−(x−c)²/(2s²)) restricted to [lo, hi]; the mass is
   * relative to the density's value at the point of [lo, hi] nearest c.
   */
  static double[] truncatedMoments(double c, double s, double lo, double hi) {
    double nearest = Math.max(lo, Math.min(hi, c));
    double scale = (nearest - c) * (nearest - c) / (2 * s * s);
    DoubleUnaryOperator density = x -> Math.exp(scale - (x - c) * (x - c) / (2 * s * s));
    double m0 = simpson(density, lo, hi);
    double m1 = simpson(x -> x * density.applyAsDouble(x), lo, hi) / m0;
    double m2 = simpson(x -> (x - m1) * (x - m1) * density.applyAsDouble(x), lo, hi) / m0;
    return new double[] {m0, m1, m2};
  }

  /** Simpson's rule on 100,000 panels: error ~ h⁴, far below the tests' tolerances for these smooth densities. */
  static double simpson(DoubleUnaryOperator f, double lo, double hi) {
    int n = 100_000;
    double h = (hi - lo) / n;
    double sum = f.applyAsDouble(lo) + f.applyAsDouble(hi);
    for (int i = 1; i < n; i++) {
      sum += f.applyAsDouble(lo + i * h) * ((i & 1) == 1 ? 4 : 2);
    }
    return sum * h / 3;
  }
}
