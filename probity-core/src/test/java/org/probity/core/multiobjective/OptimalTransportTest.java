package org.probity.core.multiobjective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class OptimalTransportTest {

  private static double[][] randomCost(int n, int m, Rng rng) {
    double[][] c = new double[n][m];
    for (double[] row : c) {
      for (int j = 0; j < m; j++) {
        row[j] = rng.nextDouble();
      }
    }
    return c;
  }

  private static void assertMarginals(double[][] p, double[] a, double[] b, double tol) {
    for (int i = 0; i < a.length; i++) {
      double s = 0;
      for (double v : p[i]) {
        assertTrue(v >= 0, "negative plan entry " + v);
        s += v;
      }
      assertEquals(a[i], s, tol, "row " + i);
    }
    for (int j = 0; j < b.length; j++) {
      double s = 0;
      for (double[] row : p) {
        s += row[j];
      }
      assertEquals(b[j], s, tol, "column " + j);
    }
  }

  /** Min over permutation matrices scaled by 1/n: the LP optimum for uniform marginals (Birkhoff). */
  private static double bruteForceSquare(double[][] c) {
    int n = c.length;
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    double[] best = {Double.POSITIVE_INFINITY};
    permute(perm, 0, c, best);
    return best[0] / n;
  }

  private static void permute(int[] p, int k, double[][] c, double[] best) {
    if (k == p.length) {
      double s = 0;
      for (int i = 0; i < p.length; i++) {
        s += c[i][p[i]];
      }
      best[0] = Math.min(best[0], s);
      return;
    }
    for (int i = k; i < p.length; i++) {
      int t = p[k];
      p[k] = p[i];
      p[i] = t;
      permute(p, k + 1, c, best);
      p[i] = p[k];
      p[k] = t;
    }
  }

  /**
   * n × 2 problem: the plan is fixed by x_i = Γ_i0 ∈ [0, a_i] with Σ x_i = b_0. Every vertex of that
   * polytope has at most one x_i strictly inside its bounds, so enumerating the bound patterns of the
   * other coordinates (and solving for the free one) lists every vertex.
   */
  private static double bruteForceTwoColumns(double[][] c, double[] a, double b0) {
    int n = a.length;
    double best = Double.POSITIVE_INFINITY;
    for (int free = -1; free < n; free++) {
      for (int mask = 0; mask < (1 << n); mask++) {
        double[] x = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
          if (i != free) {
            x[i] = ((mask >> i) & 1) == 1 ? a[i] : 0;
            s += x[i];
          }
        }
        if (free >= 0) {
          x[free] = b0 - s;
          if (x[free] < -1e-12 || x[free] > a[free] + 1e-12) {
            continue;
          }
        } else if (Math.abs(s - b0) > 1e-12) {
          continue;
        }
        double cost = 0;
        for (int i = 0; i < n; i++) {
          cost += x[i] * c[i][0] + (a[i] - x[i]) * c[i][1];
        }
        best = Math.min(best, cost);
      }
    }
    return best;
  }

  @Test
  void ipotMatchesThePermutationOptimumOnSquareUniformProblems() {
    Rng rng = new Rng(11);
    double[] u = {1.0 / 3, 1.0 / 3, 1.0 / 3};
    for (int t = 0; t < 20; t++) {
      double[][] c = randomCost(3, 3, rng.derive(t));
      double[][] p = OptimalTransport.ipot(c, u, u, 0.05, 2000, 1);
      assertMarginals(p, u, u, 1e-6);
      assertEquals(bruteForceSquare(c), OptimalTransport.cost(p, c), 1e-6, "trial " + t);
    }
  }

  @Test
  void ipotMatchesVertexEnumerationOnFourByTwo() {
    Rng rng = new Rng(12);
    for (int t = 0; t < 20; t++) {
      Rng r = rng.derive(t);
      double[][] c = randomCost(4, 2, r);
      double[] a = new double[4];
      double total = 0;
      for (int i = 0; i < 4; i++) {
        a[i] = 0.2 + r.nextDouble();
        total += a[i];
      }
      double[] b = {total * (0.2 + 0.6 * r.nextDouble()), 0};
      b[1] = total - b[0];
      double[][] p = OptimalTransport.ipot(c, a, b, 0.05, 3000, 1);
      assertMarginals(p, a, b, 1e-6);
      assertEquals(bruteForceTwoColumns(c, a, b[0]), OptimalTransport.cost(p, c), 1e-6, "trial " + t);
    }
  }

  @Test
  void mostSettingsGiveAnAlmostExactPlanOnNormalisedCosts() {
    // MosT's use: cost normalised to sum 1, β = 0.01, 200 steps, marginals m/n and 1.
    Rng rng = new Rng(13);
    double[][] c = randomCost(6, 2, rng);
    double sum = 0;
    for (double[] row : c) {
      sum += row[0] + row[1];
    }
    for (double[] row : c) {
      row[0] /= sum;
      row[1] /= sum;
    }
    double[] a = new double[6];
    java.util.Arrays.fill(a, 2.0 / 6);
    double[] b = {1, 1};
    double[][] p = OptimalTransport.ipot(c, a, b, 0.01, 200, 1);
    assertMarginals(p, a, b, 1e-3);
    double opt = bruteForceTwoColumns(c, a, 1);
    assertEquals(opt, OptimalTransport.cost(p, c), 1e-3 * opt + 1e-9);
  }

  @Test
  void sinkhornSatisfiesMarginalsAndApproachesTheOptimumAsEpsilonShrinks() {
    Rng rng = new Rng(14);
    double[] u = {0.25, 0.25, 0.25, 0.25};
    double[][] c = randomCost(4, 4, rng);
    double opt = bruteForceSquare(c);
    double previousGap = Double.POSITIVE_INFINITY;
    for (double eps : new double[] {0.5, 0.1, 0.01}) {
      double[][] p = OptimalTransport.sinkhorn(c, u, u, eps, 20000);
      assertMarginals(p, u, u, 1e-9);
      double gap = OptimalTransport.cost(p, c) - opt;
      assertTrue(gap >= -1e-9, "entropic plan cheaper than the LP optimum: gap " + gap);
      assertTrue(gap <= previousGap + 1e-12, "gap grew as epsilon shrank: " + gap + " after " + previousGap);
      // ⟨Γ, C⟩ − opt ≤ ε (H(Γ*) − H(Γ_ε)) ≤ ε · log(n²) for plans of total mass 1.
      assertTrue(gap <= eps * Math.log(16) + 1e-9, "gap " + gap + " above the entropic bound at eps " + eps);
      previousGap = gap;
    }
  }

  @Test
  void largeCostsAndSmallRegularisationStayFinite() {
    double[][] c = {{0, 500}, {500, 0}, {250, 1000}};
    double[] a = {1, 1, 1};
    double[] b = {1.5, 1.5};
    for (double[][] p : new double[][][] {OptimalTransport.ipot(c, a, b, 0.01, 200, 1),
        OptimalTransport.sinkhorn(c, a, b, 0.01, 500)}) {
      // exp(−C/β) underflows to 0 in plain arithmetic here; in the log domain every entry stays finite.
      // Rows may still be off (scalings move slowly when C/β is in the tens of thousands), but the
      // columns are matched by the last scaling.
      for (double[] row : p) {
        for (double v : row) {
          assertTrue(Double.isFinite(v) && v >= 0, "entry " + v);
        }
      }
      for (int j = 0; j < 2; j++) {
        assertEquals(b[j], p[0][j] + p[1][j] + p[2][j], 1e-9);
      }
    }
  }

  @Test
  void rejectsBadInput() {
    double[] u = {0.5, 0.5};
    IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
        () -> OptimalTransport.ipot(new double[][] {{0, -1}, {1, 0}}, u, u, 0.1, 10, 1));
    assertTrue(negative.getMessage().contains("cost[0][1] = -1.0"), negative.getMessage());
    IllegalArgumentException mass = assertThrows(IllegalArgumentException.class,
        () -> OptimalTransport.sinkhorn(new double[][] {{0, 1}, {1, 0}}, u, new double[] {1, 1}, 0.1, 10));
    assertTrue(mass.getMessage().contains("sum(a) = 1.0, sum(b) = 2.0"), mass.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> OptimalTransport.ipot(new double[][] {{0, 1}, {1}}, u, u, 0.1, 10, 1));
    assertThrows(IllegalArgumentException.class,
        () -> OptimalTransport.ipot(new double[][] {{0, 1}, {1, 0}}, new double[] {1, 0}, new double[] {0.5, 0.5}, 0.1,
            10, 1));
    assertThrows(IllegalArgumentException.class,
        () -> OptimalTransport.ipot(new double[][] {{0, Double.NaN}, {1, 0}}, u, u, 0.1, 10, 1));
    assertThrows(IllegalArgumentException.class,
        () -> OptimalTransport.ipot(new double[][] {{0, 1}, {1, 0}}, u, u, 0, 10, 1));
    assertThrows(IllegalArgumentException.class,
        () -> OptimalTransport.sinkhorn(new double[][] {{0, 1}, {1, 0}}, u, u, 0.1, 0));
  }
}
