package org.probity.federated.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

/** The mean-estimation model against the notes' values and against itself (λ* minimises the closed form). */
class MeanEstimationTest {
  private static final MeanEstimation M = MeanEstimation.DEFAULT;

  @Test
  void closedFormMatchesTheNotes() {
    // Notes §2, computed from the official plot_hparam_cost.py defaults (τ = 0.08).
    assertEquals(4.05, M.dpNoise(1), 0.01);
    assertEquals(14.57, M.dpNoise(0.25), 0.01);
    assertEquals(0.125, M.optimalLambda(0), 1e-12);
    assertEquals(0.189, M.optimalLambda(M.dpNoise(1)), 5e-4);
    assertEquals(0.954, M.optimalLambda(M.dpNoise(0.25)), 5e-4);
    assertEquals(7.2e-4, M.mse(M.optimalLambda(0), 0), 0.05e-4);
    assertEquals(8.0e-4, M.mse(0, 0), 1e-12);
    assertEquals(6.12e-3, M.mse(Double.POSITIVE_INFINITY, 0), 1e-12);
    double s = M.dpNoise(0.25);
    assertEquals(3.27e-3, M.mse(M.optimalLambda(s), s), 0.01e-3);
    assertEquals(6.1e-3, M.mse(0, s), 0.01e-3);
    assertEquals(6.39e-3, M.mse(Double.POSITIVE_INFINITY, s), 0.01e-3);
  }

  @Test
  void lambdaStarIsTheMinimum() {
    for (double sigmaDp : new double[] {0, 2, 10}) {
      double star = M.optimalLambda(sigmaDp);
      double best = M.mse(star, sigmaDp);
      for (double l = 0; l < 20; l += 0.01) {
        assertTrue(M.mse(l, sigmaDp) >= best - 1e-15, "λ=" + l + " beats λ*=" + star);
      }
      assertEquals(M.mse(1e9, sigmaDp), M.mse(Double.POSITIVE_INFINITY, sigmaDp), 1e-9);
    }
  }

  @Test
  void monteCarloWithoutClippingOrNoiseAgrees() {
    MeanEstimation wide = new MeanEstimation(10, 50, 0.4, 0.2, 1e9, 1e-5);
    double[] sim = wide.monteCarlo(new double[] {0, 0.5, Double.POSITIVE_INFINITY}, 0, 4000, new Rng(3));
    assertEquals(wide.mse(0, 0), sim[0], 0.04 * wide.mse(0, 0));
    assertEquals(wide.mse(0.5, 0), sim[1], 0.04 * wide.mse(0.5, 0));
    assertEquals(wide.mse(Double.POSITIVE_INFINITY, 0), sim[2], 0.04 * wide.mse(Double.POSITIVE_INFINITY, 0));
  }
}
