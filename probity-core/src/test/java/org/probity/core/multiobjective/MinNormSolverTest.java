package org.probity.core.multiobjective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class MinNormSolverTest {

  private static double[][] random(int k, int d, long seed) {
    Rng rng = new Rng(seed);
    double[][] g = new double[k][d];
    for (double[] row : g) {
      for (int c = 0; c < d; c++) {
        row[c] = rng.nextGaussian() + (c == 0 ? 0.5 : 0);
      }
    }
    return g;
  }

  private static double dot(double[] u, double[] v) {
    double s = 0;
    for (int i = 0; i < u.length; i++) {
      s += u[i] * v[i];
    }
    return s;
  }

  @Test
  void twoVectorsMatchTheClosedForm() {
    for (long seed = 0; seed < 50; seed++) {
      double[][] g = random(2, 5, seed);
      double[] diff = new double[5];
      for (int c = 0; c < 5; c++) {
        diff[c] = g[1][c] - g[0][c];
      }
      double expected = Math.max(0, Math.min(1, dot(diff, g[1]) / dot(diff, diff)));
      double[] lambda = MinNormSolver.solve(g);
      assertEquals(expected, lambda[0], 1e-9, "seed " + seed);
      assertEquals(1 - expected, lambda[1], 1e-9, "seed " + seed);
    }
  }

  @Test
  void clampsWhenOneVectorIsTheMinimum() {
    // g1 = (1, 0), g2 = (2, 0): the closest point of the segment to 0 is g1.
    double[] lambda = MinNormSolver.solve(new double[][] {{1, 0}, {2, 0}});
    assertEquals(1, lambda[0], 1e-12);
    assertEquals(0, lambda[1], 1e-12);
    // Opposite vectors: the hull contains 0.
    double[] opposite = MinNormSolver.solve(new double[][] {{1, 1}, {-3, -3}});
    assertEquals(0, MinNormSolver.norm(opposite, new double[][] {{1, 1}, {-3, -3}}), 1e-12);
    assertEquals(0.75, opposite[0], 1e-12);
  }

  @Property(tries = 200)
  void resultIsOnTheSimplexAndNoLongerThanAnyVertex(@ForAll @IntRange(min = 1, max = 12) int k,
      @ForAll @IntRange(min = 1, max = 8) int d, @ForAll long seed) {
    double[][] g = random(k, d, seed);
    double[] lambda = MinNormSolver.solve(g);
    double sum = 0;
    for (double l : lambda) {
      assertTrue(l >= 0, "negative weight " + l);
      sum += l;
    }
    assertEquals(1.0, sum, 1e-12);
    double norm = MinNormSolver.norm(lambda, g);
    for (double[] v : g) {
      assertTrue(norm <= Math.sqrt(dot(v, v)) + 1e-12, "min-norm " + norm + " above a vertex norm");
    }
  }

  /**
   * Optimality (KKT for min over the simplex): v = Σ λ_i g_i is the min-norm point iff
   * g_i·v ≥ ‖v‖² for every i. Frank–Wolfe's gap shrinks only as O(1/t) when the optimum is inside a
   * face, hence the loose 1e-3 (a wrong λ violates it by the order of the vectors' squared norms).
   */
  @Property(tries = 100)
  void satisfiesTheOptimalityCondition(@ForAll @IntRange(min = 2, max = 8) int k,
      @ForAll @IntRange(min = 2, max = 6) int d, @ForAll long seed) {
    double[][] g = random(k, d, seed);
    double[] lambda = MinNormSolver.solve(g, 20000, 1e-12);
    double[] v = new double[d];
    double scale = 0;
    for (int i = 0; i < k; i++) {
      scale = Math.max(scale, dot(g[i], g[i]));
      for (int c = 0; c < d; c++) {
        v[c] += lambda[i] * g[i][c];
      }
    }
    double vv = dot(v, v);
    for (double[] gi : g) {
      assertTrue(dot(gi, v) >= vv - 1e-3 * scale, "KKT violated: g.v = " + dot(gi, v) + " < |v|^2 = " + vv);
    }
  }

  @Test
  void rejectsBadInput() {
    assertThrows(IllegalArgumentException.class, () -> MinNormSolver.solve(new double[0][]));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MinNormSolver.solve(new double[][] {{1, 2}, {3}}));
    assertTrue(e.getMessage().contains("vector 1 has length 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> MinNormSolver.solve(new double[][] {{1, Double.NaN}}));
  }
}
