package org.probity.privacy.mechanism;

import org.probity.privacy.accountant.PrivacyChecks;
import org.probity.privacy.accountant.analysis.LogMath;
import org.probity.tensor.Rng;

/**
 * The Laplace mechanism: release f(x) + Lap(Δ/ε) for a function of L1 sensitivity Δ, which is
 * ε-DP with δ = 0 (Dwork, McSherry, Nissim and Smith 2006). Noisy federated evaluation (#7 of the
 * notes) uses it on averaged errors. Its RDP, for composing with Gaussian steps, is Mironov 2017's
 * closed form (Prop. 6): (1/(α−1)) log( α/(2α−1) e^{(α−1)ε} + (α−1)/(2α−1) e^{−αε} ).
 */
public final class LaplaceMechanism {
  private final double epsilon;
  private final double sensitivity;

  public LaplaceMechanism(double epsilon, double sensitivity) {
    this.epsilon = PrivacyChecks.epsilon("LaplaceMechanism", epsilon);
    this.sensitivity = PrivacyChecks.sensitivity("LaplaceMechanism", sensitivity);
  }

  public double epsilon() {
    return epsilon;
  }

  public double sensitivity() {
    return sensitivity;
  }

  /** The Laplace scale b = Δ/ε (the noise std is b·√2). */
  public double scale() {
    return sensitivity / epsilon;
  }

  /** One Laplace draw by inversion: b·sign(u)·(−log(1 − 2|u|)) for u uniform in (−1/2, 1/2). */
  public double noise(Rng rng) {
    double u;
    do {
      u = rng.nextDouble() - 0.5;
    } while (u == -0.5); // the one point where the inverse is infinite
    double magnitude = -Math.log1p(-2 * Math.abs(u));
    return scale() * (u < 0 ? -magnitude : magnitude);
  }

  public double release(double value, Rng rng) {
    return value + noise(rng);
  }

  /** Adds independent Lap(Δ/ε) noise to every coordinate, in place. */
  public void addNoise(float[] values, Rng rng) {
    for (int i = 0; i < values.length; i++) {
      values[i] += (float) noise(rng);
    }
  }

  /** The RDP curve of one release (Mironov 2017, Prop. 6), in log space so large α stay finite. */
  public double[] rdp(double[] orders) {
    double[] r = new double[orders.length];
    for (int i = 0; i < orders.length; i++) {
      double a = orders[i];
      if (!(a > 1)) {
        throw new IllegalArgumentException("LaplaceMechanism.rdp: RDP order α must be > 1, got " + a);
      }
      double t1 = Math.log(a / (2 * a - 1)) + (a - 1) * epsilon;
      double t2 = Math.log((a - 1) / (2 * a - 1)) - a * epsilon;
      r[i] = Math.min(epsilon, LogMath.logAdd(t1, t2) / (a - 1));
    }
    return r;
  }

  @Override
  public String toString() {
    return "LaplaceMechanism[ε=" + epsilon + ", Δ=" + sensitivity + "]";
  }
}
