package org.probity.core.multiobjective;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class MultiSolutionTransportTest {

  /** n objectives whose optima are truth[i % truths] + small noise, rows x ~ N(0, I). */
  private static List<LeastSquaresObjective> objectives(double[][] truths, int n, Rng rng) {
    int d = truths[0].length;
    int rows = 20;
    List<LeastSquaresObjective> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[rows * d];
      double[] y = new double[rows];
      for (int r = 0; r < rows; r++) {
        for (int k = 0; k < d; k++) {
          x[r * d + k] = rng.nextGaussian();
          y[r] += x[r * d + k] * (truths[i % truths.length][k] + 0.05 * rng.nextGaussian());
        }
      }
      out.add(new LeastSquaresObjective(x, y, rows, d));
    }
    return out;
  }

  @Test
  void leastSquaresGradientMatchesFiniteDifferences() {
    Rng rng = new Rng(3);
    LeastSquaresObjective o = objectives(new double[][] {{1, -2, 0.5}}, 1, rng).get(0);
    double[] theta = {0.3, 0.1, -0.7};
    double[] g = new double[3];
    double v = o.valueAndGradient(theta, g);
    assertEquals(o.value(theta), v, 1e-12);
    for (int k = 0; k < 3; k++) {
      double[] p = theta.clone();
      double[] m = theta.clone();
      p[k] += 1e-6;
      m[k] -= 1e-6;
      assertEquals((o.value(p) - o.value(m)) / 2e-6, g[k], 1e-6, "coordinate " + k);
    }
  }

  @Test
  void mgdaStepLowersEveryIncludedObjective() {
    Rng rng = new Rng(4);
    List<LeastSquaresObjective> objs = objectives(new double[][] {{1, 0}, {0, 1}, {-1, 0.5}}, 3, rng);
    double[] theta = {3, 3};
    double[] before = new double[3];
    for (int i = 0; i < 3; i++) {
      before[i] = objs.get(i).value(theta);
    }
    double norm = Mgda.step(objs, new double[] {1, 1, 1}, 0, theta, 0.01, 100);
    assertTrue(norm > 0);
    for (int i = 0; i < 3; i++) {
      assertTrue(objs.get(i).value(theta) < before[i], "objective " + i + " went up");
    }
    // Masked out: only objective 0 counts, so the step is plain gradient descent on it.
    double[] t2 = {3, 3};
    double[] g = new double[2];
    objs.get(0).valueAndGradient(t2, g);
    Mgda.step(objs, new double[] {1, 0.001, 0.001}, 0.01, t2, 0.01, 100);
    assertArrayEquals(new double[] {3 - 0.01 * g[0], 3 - 0.01 * g[1]}, t2, 1e-12);
  }

  @Test
  void findsOneSolutionPerWellSeparatedCluster() {
    Rng rng = new Rng(5);
    double[][] truths = {{4, 0, 0}, {-4, 0, 0}};
    List<LeastSquaresObjective> objs = objectives(truths, 8, rng.derive("data"));
    MostConfig config = MostConfig.defaults(2).withRounds(20);
    MostResult r = new MultiSolutionTransport(config).train(objs, rng.derive("init"));
    assertEquals(8, r.numObjectives());
    assertEquals(2, r.numSolutions());
    // Each solution sits near one truth, and the two are different truths.
    double[][] s = r.solutions();
    int[] nearest = new int[2];
    for (int j = 0; j < 2; j++) {
      nearest[j] = s[j][0] > 0 ? 0 : 1;
      double dist = 0;
      for (int k = 0; k < 3; k++) {
        dist += Math.pow(s[j][k] - truths[nearest[j]][k], 2);
      }
      assertTrue(dist < 0.1, "solution " + j + " is " + Math.sqrt(dist) + " from its cluster");
    }
    assertNotEquals(nearest[0], nearest[1]);
    // Balanced transport: every column carries mass 1 and every solution gets its 4 objectives.
    for (double mass : r.columnMass()) {
      assertEquals(1.0, mass, 1e-6);
    }
    assertArrayEquals(new int[] {4, 4}, r.assignedObjectives(0.5));
    assertTrue(r.worstBestLoss() < 0.2, "worst " + r.worstBestLoss());
    // Best loss is the row minimum of the loss matrix, recomputed independently.
    double[][] losses = MultiSolutionTransport.lossMatrix(objs, s);
    double[] best = r.bestLoss();
    for (int i = 0; i < 8; i++) {
      assertEquals(Math.min(losses[i][0], losses[i][1]), best[i], 1e-12);
    }
  }

  @Test
  void sameSeedSameResultAndResultsAreCopies() {
    Rng rng = new Rng(6);
    List<LeastSquaresObjective> objs = objectives(new double[][] {{1, 1}, {-1, 1}, {0, -2}}, 6, rng.derive("d"));
    MostConfig config = MostConfig.defaults(3).withRounds(3).withTransport(OptimalTransport.Method.SINKHORN, 0.01);
    MostResult a = new MultiSolutionTransport(config).train(objs, new Rng(9));
    MostResult b = new MultiSolutionTransport(config).train(objs, new Rng(9));
    for (int j = 0; j < 3; j++) {
      assertArrayEquals(a.solutions()[j], b.solutions()[j], 0.0);
    }
    a.solutions()[0][0] = 1e9;
    a.transport()[0][0] = 1e9;
    assertNotEquals(1e9, a.solutions()[0][0]);
    assertNotEquals(1e9, a.transport()[0][0]);
  }

  @Test
  void configRejectsBadValues() {
    MostConfig ok = MostConfig.defaults(5);
    assertEquals(5, ok.solutions());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MostConfig.defaults(0));
    assertTrue(e.getMessage().contains("solutions must be >= 1, got 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ok.withRounds(0));
    assertThrows(IllegalArgumentException.class, () -> ok.withLearningRate(-1));
    assertThrows(IllegalArgumentException.class, () -> ok.withLearningRate(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> ok.withTransport(OptimalTransport.Method.IPOT, 0));
    assertThrows(IllegalArgumentException.class, () -> ok.withTransport(null, 0.01));
    assertThrows(IllegalArgumentException.class, () -> ok.withMask(1.0));
    assertThrows(IllegalArgumentException.class, () -> ok.withMovingAverage(1.0));
    assertThrows(IllegalArgumentException.class,
        () -> new MostConfig(5, 1, 0, 1, OptimalTransport.Method.IPOT, 0.01, 200, 0.5, 0.5, 20));
    assertThrows(IllegalArgumentException.class,
        () -> new MostConfig(5, 1, 1, 1, OptimalTransport.Method.IPOT, 0.01, 200, 0.5, 0.5, 0));
  }

  @Test
  void trainRejectsMismatchedInput() {
    Rng rng = new Rng(7);
    List<LeastSquaresObjective> objs = objectives(new double[][] {{1, 1}}, 3, rng);
    MultiSolutionTransport most = new MultiSolutionTransport(MostConfig.defaults(2).withRounds(1));
    assertThrows(IllegalArgumentException.class, () -> most.train(List.of(), rng));
    assertThrows(IllegalArgumentException.class, () -> most.train(objs, new double[][] {{0, 0}}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> most.train(objs, new double[][] {{0, 0}, {0, 0, 0}}));
    assertTrue(e.getMessage().contains("initial solution 1 has length 3"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new LeastSquaresObjective(new double[] {1, 2, 3}, new double[] {1}, 1, 2));
  }
}
