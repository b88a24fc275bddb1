package org.probity.privacy.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class ExponentialMechanismTest {
  @Test
  void probabilitiesFollowExpEpsilonScoreOverTwoDelta() {
    ExponentialMechanism em = new ExponentialMechanism(2.0, 0.5);
    double[] scores = {0.1, 0.4, -0.3};
    double[] p = em.probabilities(scores);
    double z = 0;
    for (double s : scores) {
      z += Math.exp(2.0 * s / (2 * 0.5));
    }
    for (int i = 0; i < scores.length; i++) {
      assertEquals(Math.exp(2.0 * scores[i]) / z, p[i], 1e-15);
    }
  }

  @Test
  void largeScoresDoNotOverflow() {
    double[] p = new ExponentialMechanism(1, 1).probabilities(new double[] {1e6, 1e6 - 2});
    assertEquals(1 / (1 + Math.exp(-1)), p[0], 1e-15);
  }

  @Test
  void selectionFrequenciesMatchTheProbabilities() {
    ExponentialMechanism em = new ExponentialMechanism(1.0, 1.0);
    double[] scores = {0, 1, 2, 0.5};
    double[] p = em.probabilities(scores);
    int n = 100_000;
    int[] counts = new int[scores.length];
    Rng rng = new Rng(42);
    for (int i = 0; i < n; i++) {
      counts[em.select(scores, rng)]++;
    }
    for (int i = 0; i < scores.length; i++) {
      double se = Math.sqrt(p[i] * (1 - p[i]) / n);
      assertEquals(p[i], counts[i] / (double) n, 5 * se, "candidate " + i);
    }
  }

  @Test
  void sameSeedSameChoice() {
    ExponentialMechanism em = new ExponentialMechanism(0.3, 1.0);
    double[] scores = {0.2, 0.1, 0.4, 0.3};
    Rng a = new Rng(5);
    Rng b = new Rng(5);
    for (int i = 0; i < 50; i++) {
      assertEquals(em.select(scores, a), em.select(scores, b));
    }
  }

  @Test
  void rdpIsAlphaEpsilonSquaredOverEight() {
    double[] r = new ExponentialMechanism(0.4, 1).rdp(new double[] {2, 32}, 3);
    assertEquals(2 * 0.16 / 8 * 3, r[0], 1e-15);
    assertEquals(32 * 0.16 / 8 * 3, r[1], 1e-15);
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExponentialMechanism(-1, 1));
    assertTrue(e.getMessage().startsWith("ExponentialMechanism: ε must be a finite number > 0, got -1.0"));
    e = assertThrows(IllegalArgumentException.class, () -> new ExponentialMechanism(1, Double.NaN));
    assertEquals("ExponentialMechanism: sensitivity must be a finite number > 0, got NaN", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ExponentialMechanism(1, 1).select(new double[0], new Rng(1)));
    assertEquals("ExponentialMechanism: no candidates to select from", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ExponentialMechanism(1, 1).probabilities(new double[] {1, Double.NaN}));
    assertEquals("ExponentialMechanism: score 1 is NaN; scores must be finite", e.getMessage());
  }
}
