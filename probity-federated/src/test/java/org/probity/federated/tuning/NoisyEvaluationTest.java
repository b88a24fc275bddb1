package org.probity.federated.tuning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

/** The noise models of noisy federated evaluation against closed forms and naive computations. */
class NoisyEvaluationTest {
  private static final double[] ERRORS = {0.1, 0.5, 0.9, 0.3, 0.0, 1.0, 0.25};
  private static final double[] SIZES = {10, 50, 20, 5, 100, 1, 30};

  private static double weightedMean(double[] e, double[] w) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < e.length; i++) {
      num += e[i] * w[i];
      den += w[i];
    }
    return num / den;
  }

  @Test
  void allClientsGiveTheNoiselessExampleWeightedError() {
    double expected = weightedMean(ERRORS, SIZES);
    Rng rng = new Rng(3);
    assertEquals(expected, NoisyEvaluation.noiseless().score(ERRORS, SIZES, rng), 1e-15);
    // nc equal to, or above, the number of clients is the full evaluation, whatever the rng.
    assertEquals(expected, NoisyEvaluation.subsampled(ERRORS.length).score(ERRORS, SIZES, rng.derive(1)), 1e-15);
    assertEquals(expected, NoisyEvaluation.subsampled(1000).score(ERRORS, SIZES, rng.derive(2)), 1e-15);
    assertEquals(expected, NoisyEvaluation.systemsBias(ERRORS.length, 3).score(ERRORS, SIZES, rng.derive(3)), 1e-15);
  }

  @Test
  void oneClientScoresAreThatClientsError() {
    NoisyEvaluation one = NoisyEvaluation.subsampled(1);
    int[] hits = new int[ERRORS.length];
    int draws = 14_000;
    for (int t = 0; t < draws; t++) {
      double s = one.score(ERRORS, SIZES, new Rng(11).derive(t));
      int k = -1;
      for (int i = 0; i < ERRORS.length; i++) {
        if (ERRORS[i] == s) {
          k = i;
        }
      }
      assertTrue(k >= 0, "score " + s + " is no client's error");
      hits[k]++;
    }
    // Uniform: each client 1/7 of the time (binomial sd ~ 41 of 2000).
    for (int h : hits) {
      assertEquals(draws / 7.0, h, 200);
    }
  }

  @Test
  void subsamplingIsWithoutReplacementWithUniformMarginals() {
    ClientSubsampling s = ClientSubsampling.uniform(3);
    int n = 10;
    double[] errors = new double[n];
    int[] counts = new int[n];
    int draws = 10_000;
    for (int t = 0; t < draws; t++) {
      int[] picked = s.sample(errors, new Rng(5).derive(t));
      assertEquals(3, picked.length);
      for (int i = 1; i < picked.length; i++) {
        assertTrue(picked[i] > picked[i - 1], "sorted and distinct: " + java.util.Arrays.toString(picked));
      }
      for (int k : picked) {
        counts[k]++;
      }
    }
    // P(client in sample) = m/n = 0.3 (sd ~ 46 of 3000).
    for (int c : counts) {
      assertEquals(0.3 * draws, c, 200);
    }
  }

  @Test
  void systemsBiasProbabilitiesFollowTheClosedForm() {
    SystemsBias b = new SystemsBias(3);
    double[] p = b.probabilities(ERRORS);
    double z = 0;
    for (double e : ERRORS) {
      z += Math.pow(1.0001 - e, 3);
    }
    for (int i = 0; i < ERRORS.length; i++) {
      assertEquals(Math.pow(1.0001 - ERRORS[i], 3) / z, p[i], 1e-15);
    }
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, new SystemsBias(0).probabilities(new double[] {0, 0.2,
        0.7, 1}), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> b.probabilities(new double[] {0.5, 1.5}));
    assertThrows(IllegalArgumentException.class, () -> new SystemsBias(-1));
  }

  @Test
  void biasedSamplingOfTwoMatchesSequentialDrawsWithoutReplacement() {
    double[] errors = {0.0, 0.5, 0.9};
    double[] p = new SystemsBias(2).probabilities(errors);
    // P({i, j}) = p_i p_j / (1 − p_i) + p_j p_i / (1 − p_j).
    double[][] pair = new double[3][3];
    for (int i = 0; i < 3; i++) {
      for (int j = i + 1; j < 3; j++) {
        pair[i][j] = p[i] * p[j] / (1 - p[i]) + p[j] * p[i] / (1 - p[j]);
      }
    }
    ClientSubsampling s = ClientSubsampling.biased(2, 2);
    int[][] counts = new int[3][3];
    int draws = 20_000;
    for (int t = 0; t < draws; t++) {
      int[] picked = s.sample(errors, new Rng(8).derive(t));
      assertEquals(2, picked.length);
      assertTrue(picked[0] < picked[1]);
      counts[picked[0]][picked[1]]++;
    }
    for (int i = 0; i < 3; i++) {
      for (int j = i + 1; j < 3; j++) {
        assertEquals(pair[i][j], counts[i][j] / (double) draws, 0.012, "pair " + i + "," + j);
      }
    }
  }

  @Test
  void laplaceScaleIsNOverNcEpsilon() {
    LaplaceEvaluationNoise noise = new LaplaceEvaluationNoise(1.0, 16);
    assertEquals(1.6, noise.scale(10), 1e-15);
    assertEquals(16.0, noise.scale(1), 1e-15);
    assertEquals(16 / (10 * 0.1), new LaplaceEvaluationNoise(0.1, 16).scale(10), 1e-12);
    // E|Lap(b)| = b, estimated from draws (sd of the estimate b/√n).
    LaplaceEvaluationNoise other = new LaplaceEvaluationNoise(2.0, 4);
    double b = other.scale(1);
    assertEquals(2.0, b, 1e-15);
    int n = 40_000;
    double sum = 0;
    Rng rng = new Rng(21);
    for (int i = 0; i < n; i++) {
      sum += Math.abs(other.mechanism(1).noise(rng));
    }
    assertEquals(b, sum / n, 0.03 * b);
  }

  @Test
  void releasesAreClippedToTheUnitIntervalWithLaplaceTailMass() {
    LaplaceEvaluationNoise noise = new LaplaceEvaluationNoise(1.0, 4);
    int clients = 10;
    double b = noise.scale(clients); // 0.4
    double m = 0.3;
    int n = 40_000;
    int zeros = 0;
    int ones = 0;
    Rng rng = new Rng(4);
    for (int i = 0; i < n; i++) {
      double r = noise.release(m, clients, rng);
      assertTrue(r >= 0 && r <= 1, "release " + r);
      zeros += r == 0 ? 1 : 0;
      ones += r == 1 ? 1 : 0;
    }
    // P(m + L <= 0) = exp(−m/b)/2, P(m + L >= 1) = exp(−(1−m)/b)/2.
    assertEquals(0.5 * Math.exp(-m / b), zeros / (double) n, 0.01);
    assertEquals(0.5 * Math.exp(-(1 - m) / b), ones / (double) n, 0.01);
    assertEquals(0, LaplaceEvaluationNoise.clip(-0.3));
    assertEquals(1, LaplaceEvaluationNoise.clip(1.7));
    assertEquals(0.4, LaplaceEvaluationNoise.clip(0.4));
  }

  @Test
  void privateEvaluationAveragesClientsUniformly() {
    // Almost no noise (huge ε) and every client: the uniform, not the example-weighted, mean.
    NoisyEvaluation p = NoisyEvaluation.privateEvaluation(ERRORS.length, 1e12, 16);
    double uniform = 0;
    for (double e : ERRORS) {
      uniform += e / ERRORS.length;
    }
    assertEquals(uniform, p.score(ERRORS, SIZES, new Rng(1)), 1e-9);
    assertTrue(Math.abs(uniform - weightedMean(ERRORS, SIZES)) > 0.05, "the test must tell the weightings apart");
  }

  @Test
  void badInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ClientSubsampling.uniform(0));
    assertThrows(IllegalArgumentException.class, () -> new LaplaceEvaluationNoise(0, 16));
    assertThrows(IllegalArgumentException.class, () -> new LaplaceEvaluationNoise(1, 0));
    assertThrows(IllegalArgumentException.class, () -> NoisyEvaluation.noiseless().score(ERRORS, new double[2],
        new Rng(1)));
  }
}
