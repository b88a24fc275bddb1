package org.probity.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.privacy.accountant.NoiseCalibration;
import org.probity.tensor.Rng;

class GaussianMechanismTest {
  @Test
  void empiricalNoiseStdIsSigmaTimesSensitivity() {
    GaussianMechanism g = new GaussianMechanism(1.3, 0.5);
    int n = 200_000;
    float[] v = new float[n];
    g.addNoise(v, new Rng(7));
    double sum = 0;
    double sumSq = 0;
    for (float x : v) {
      sum += x;
      sumSq += (double) x * x;
    }
    double mean = sum / n;
    double std = Math.sqrt(sumSq / n - mean * mean);
    double expected = 1.3 * 0.5;
    // The sample std of n normals has standard error σ/sqrt(2n); allow 5 of them.
    assertEquals(expected, std, 5 * expected / Math.sqrt(2.0 * n));
    assertEquals(0, mean, 5 * expected / Math.sqrt(n));
    assertEquals(expected, g.noiseStd(), 1e-15);
  }

  @Test
  void releaseIsDeterministicForASeed() {
    GaussianMechanism g = new GaussianMechanism(2, 1);
    assertEquals(g.release(3.0, new Rng(11)), g.release(3.0, new Rng(11)));
  }

  @Test
  void analyticDeltaMatchesNumericalIntegration() {
    // δ(ε) = ∫ max(0, p₁(x) − e^ε p₀(x)) dx for p₀ = N(0, σ²), p₁ = N(1, σ²): the hockey-stick
    // divergence that Balle and Wang's closed form evaluates; here by the trapezoid rule.
    double[][] cases = {{2.0, 0.5}, {1.0, 1.0}, {0.7, 3.0}};
    for (double[] c : cases) {
      double s = c[0];
      double eps = c[1];
      double h = 1e-4 * s;
      double integral = 0;
      for (double x = -12 * s; x <= 1 + 12 * s; x += h) {
        double p0 = Math.exp(-x * x / (2 * s * s));
        double p1 = Math.exp(-(x - 1) * (x - 1) / (2 * s * s));
        integral += Math.max(0, p1 - Math.exp(eps) * p0) * h;
      }
      integral /= s * Math.sqrt(2 * Math.PI);
      assertEquals(integral, new GaussianMechanism(s, 1).delta(eps), 1e-7, "σ=" + s + " ε=" + eps);
    }
    // scipy 1.17: Φ(1/(2σ) − εσ) − e^ε Φ(−1/(2σ) − εσ) at (σ, ε) = (2, 0.5).
    assertEquals(0.05244032328766951, new GaussianMechanism(2, 1).delta(0.5), 1e-12);
  }

  @Test
  void analyticEpsilonIsTighterThanRdpAndTheClassicalBound() {
    // Balle and Wang 2018: ε = 1, δ = 1e-5 needs σ = 3.7306 (scipy brentq on the closed form),
    // against 4.05 from RDP (notes §0.1) and sqrt(2 ln(1.25/δ)) = 4.84 classically.
    GaussianMechanism g = new GaussianMechanism(3.7306316348159396, 1);
    assertEquals(1.0, g.epsilon(1e-5), 1e-8);
    double rdpSigma = NoiseCalibration.noiseFor(1, 1e-5, 1, 1);
    assertTrue(3.7306 < rdpSigma && rdpSigma < Math.sqrt(2 * Math.log(1.25 / 1e-5)));
    GaussianMechanism atRdp = new GaussianMechanism(rdpSigma, 1);
    assertTrue(atRdp.epsilon(1e-5) < NoiseCalibration.epsilon(rdpSigma, 1, 1, 1e-5));
  }

  @Test
  void rdpIsAlphaOverTwoSigmaSquared() {
    double[] r = new GaussianMechanism(2, 3).rdp(new double[] {2, 10.5});
    assertEquals(2 / 8.0, r[0], 1e-15);
    assertEquals(10.5 / 8.0, r[1], 1e-15);
  }

  @Test
  void badParametersAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianMechanism(0, 1));
    assertEquals("GaussianMechanism: noise multiplier σ must be a finite number > 0, got 0.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GaussianMechanism(1, -2));
    assertEquals("GaussianMechanism: sensitivity must be a finite number > 0, got -2.0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new GaussianMechanism(1, 1).epsilon(0));
    assertEquals("GaussianMechanism.epsilon: δ must be in (0, 1), got 0.0", e.getMessage());
  }
}
