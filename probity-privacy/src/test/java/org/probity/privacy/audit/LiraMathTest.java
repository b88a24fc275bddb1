package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LiraMathTest {
  private static double pdf(double x, double mu, double sd) {
    return Math.exp(-(x - mu) * (x - mu) / (2 * sd * sd)) / (sd * Math.sqrt(2 * Math.PI));
  }

  @Test
  void logLikelihoodRatioMatchesTheClosedForm() {
    double[][] cases = {{0.3, 2.0, 0.5, -1.0, 1.5}, {4.0, 3.0, 1.0, 0.0, 0.7}, {-2.0, 1.0, 2.0, -1.5, 0.3}};
    for (double[] c : cases) {
      double expected = Math.log(pdf(c[0], c[1], c[2]) / pdf(c[0], c[3], c[4]));
      assertEquals(expected, Lira.logLikelihoodRatio(c[0], c[1], c[2], c[3], c[4]), 1e-10);
      // Expanded closed form: log(σ_out/σ_in) − (φ−μ_in)²/(2σ_in²) + (φ−μ_out)²/(2σ_out²).
      double expanded = Math.log(c[4] / c[2]) - Math.pow(c[0] - c[1], 2) / (2 * c[2] * c[2])
          + Math.pow(c[0] - c[3], 2) / (2 * c[4] * c[4]);
      assertEquals(expanded, Lira.logLikelihoodRatio(c[0], c[1], c[2], c[3], c[4]), 1e-10);
    }
  }

  @Test
  void upperTailMatchesKnownNormalQuantilesAndIntegration() {
    // Known tail probabilities of the standard normal.
    assertEquals(Math.log(0.5), Lira.logUpperTail(0), 1e-6);
    assertEquals(Math.log(0.024997895148220435), Lira.logUpperTail(1.96), 1e-6);
    assertEquals(Math.log(1 - 0.024997895148220435), Lira.logUpperTail(-1.96), 1e-7);
    assertEquals(Math.log(7.619853024160527e-24), Lira.logUpperTail(10), 1e-5);
    // Trapezoid integration of the density over [z, z + 12].
    for (double z : new double[] {-3, -0.7, 0.4, 2.5, 5}) {
      int steps = 200000;
      double h = 12.0 / steps;
      double sum = 0;
      for (int i = 0; i <= steps; i++) {
        double w = i == 0 || i == steps ? 0.5 : 1;
        sum += w * pdf(z + i * h, 0, 1);
      }
      double tail = sum * h + (z < 0 ? 0 : 0);
      assertEquals(Math.log(tail), Lira.logUpperTail(z), 2e-6, "z = " + z);
    }
    // Offline score: standardised and negated.
    assertEquals(-Lira.logUpperTail(1.5), Lira.offlineScore(4.0, 1.0, 2.0), 1e-12);
  }
}
