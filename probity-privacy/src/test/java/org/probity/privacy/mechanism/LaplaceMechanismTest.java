package org.probity.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class LaplaceMechanismTest {
  @Test
  void noiseHasTheLaplaceScale() {
    LaplaceMechanism lap = new LaplaceMechanism(0.5, 2.0); // b = 4
    int n = 200_000;
    Rng rng = new Rng(3);
    double sumAbs = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double x = lap.noise(rng);
      sumAbs += Math.abs(x);
      sum += x;
    }
    // E|X| = b and sd(|X|) = b; mean 0 with sd b·sqrt(2).
    assertEquals(4.0, lap.scale(), 0);
    assertEquals(4.0, sumAbs / n, 5 * 4.0 / Math.sqrt(n));
    assertEquals(0.0, sum / n, 5 * 4.0 * Math.sqrt(2) / Math.sqrt(n));
  }

  @Test
  void rdpMatchesNumericalIntegration() {
    // D_α(Lap(0, 1/ε) ‖ Lap(1, 1/ε)) for ε = 0.7, α = 3.5 by mpmath.quad at 30 digits.
    double r = new LaplaceMechanism(0.7, 1).rdp(new double[] {3.5})[0];
    assertEquals(0.488663067125796554815990235722, r, 1e-13);
  }

  @Test
  void rdpNeverExceedsEpsilonAndApproachesIt() {
    LaplaceMechanism lap = new LaplaceMechanism(1.2, 1);
    double[] r = lap.rdp(new double[] {1.5, 10, 1e4, 1e8});
    for (int i = 0; i < r.length; i++) {
      assertTrue(r[i] <= 1.2 && Double.isFinite(r[i]));
    }
    assertEquals(1.2, r[3], 1e-6);
  }

  @Test
  void badParametersAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LaplaceMechanism(0, 1));
    assertTrue(e.getMessage().startsWith("LaplaceMechanism: ε must be a finite number > 0, got 0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new LaplaceMechanism(1, 0));
    assertEquals("LaplaceMechanism: sensitivity must be a finite number > 0, got 0.0", e.getMessage());
  }
}
