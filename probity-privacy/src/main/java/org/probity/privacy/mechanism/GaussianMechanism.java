package org.probity.privacy.mechanism;

import org.probity.privacy.accountant.PrivacyChecks;
import org.probity.privacy.accountant.analysis.LogMath;
import org.probity.tensor.Rng;

/**
 * The Gaussian mechanism: release f(x) + N(0, (σ·Δ)²) for a function of L2 sensitivity Δ and noise
 * multiplier σ (Dwork and Roth 2014, App. A). Its exact (ε, δ) curve is the analytic Gaussian
 * mechanism of Balle and Wang 2018 (Thm 8), δ(ε) = Φ(1/(2σ) − εσ) − e^ε Φ(−1/(2σ) − εσ), which is
 * tighter than both the classical sqrt(2 ln(1.25/δ))/ε rule and RDP; its RDP is α/(2σ²) (Mironov
 * 2017), the curve to compose when the mechanism is one part of a larger computation.
 */
public final class GaussianMechanism {
  private final double noiseMultiplier;
  private final double sensitivity;

  public GaussianMechanism(double noiseMultiplier, double sensitivity) {
    this.noiseMultiplier = PrivacyChecks.noiseMultiplier("GaussianMechanism", noiseMultiplier);
    this.sensitivity = PrivacyChecks.sensitivity("GaussianMechanism", sensitivity);
  }

  public double noiseMultiplier() {
    return noiseMultiplier;
  }

  public double sensitivity() {
    return sensitivity;
  }

  /** The standard deviation of the added noise, σ·Δ. */
  public double noiseStd() {
    return noiseMultiplier * sensitivity;
  }

  /** value + N(0, (σΔ)²). */
  public double release(double value, Rng rng) {
    return value + noiseStd() * rng.nextGaussian();
  }

  /** Adds independent N(0, (σΔ)²) noise to every coordinate, in place. */
  public void addNoise(float[] values, Rng rng) {
    double std = noiseStd();
    for (int i = 0; i < values.length; i++) {
      values[i] += (float) (std * rng.nextGaussian());
    }
  }

  /** The exact δ at this ε (Balle and Wang 2018), computed in log space for large ε. */
  public double delta(double epsilon) {
    if (!(epsilon >= 0)) {
      throw new IllegalArgumentException("GaussianMechanism.delta: ε must be >= 0, got " + epsilon);
    }
    double s = noiseMultiplier;
    double a = LogMath.logNormalCdf(1 / (2 * s) - epsilon * s);
    double b = epsilon + LogMath.logNormalCdf(-1 / (2 * s) - epsilon * s);
    return b >= a ? 0 : Math.exp(LogMath.logSub(a, b));
  }

  /** The smallest ε with {@link #delta}(ε) <= δ, by bisection (δ(ε) falls with ε). */
  public double epsilon(double delta) {
    PrivacyChecks.delta("GaussianMechanism.epsilon", delta);
    if (delta(0) <= delta) {
      return 0;
    }
    double lo = 0;
    double hi = 1;
    while (delta(hi) > delta) {
      lo = hi;
      hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
      double mid = 0.5 * (lo + hi);
      if (delta(mid) > delta) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return hi;
  }

  /** The RDP curve α/(2σ²) of one release. */
  public double[] rdp(double[] orders) {
    double[] r = new double[orders.length];
    for (int i = 0; i < orders.length; i++) {
      if (!(orders[i] > 1)) {
        throw new IllegalArgumentException("GaussianMechanism.rdp: RDP order α must be > 1, got " + orders[i]);
      }
      r[i] = orders[i] / (2 * noiseMultiplier * noiseMultiplier);
    }
    return r;
  }

  @Override
  public String toString() {
    return "GaussianMechanism[σ=" + noiseMultiplier + ", Δ=" + sensitivity + "]";
  }
}
