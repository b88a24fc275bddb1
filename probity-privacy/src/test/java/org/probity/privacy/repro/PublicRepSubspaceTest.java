package org.probity.privacy.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

/**
 * The public stage of the public-representations reproduction: the Jacobi eigensolver against
 * A·v = λ·v and a closed-form 2×2 case, principal angles against subspaces with known angles, and
 * the method-of-moments estimator recovering B on noiseless data (principal angles near 0), with
 * the population moment E[y²xxᵀ] = (‖θ‖² + σ²)I + 2θθᵀ as an independent check of the moment matrix.
 */
class PublicRepSubspaceTest {
  @Test
  void jacobiSatisfiesTheEigenEquationAndSortsDescending() {
    int n = 12;
    Rng rng = new Rng(3);
    double[] g = new double[n * n];
    for (int i = 0; i < g.length; i++) {
      g[i] = rng.nextGaussian();
    }
    double[] a = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        a[i * n + j] = g[i * n + j] + g[j * n + i];
      }
    }
    PublicRepSymmetricEigen.Result r = PublicRepSymmetricEigen.of(a, n);
    for (int c = 0; c < n; c++) {
      if (c > 0) {
        assertTrue(r.values()[c - 1] >= r.values()[c], "eigenvalues must be in descending order");
      }
      double norm = 0;
      for (int i = 0; i < n; i++) {
        double av = 0;
        for (int j = 0; j < n; j++) {
          av += a[i * n + j] * r.vectors()[j * n + c];
        }
        assertEquals(r.values()[c] * r.vectors()[i * n + c], av, 1e-10, "A·v = λ·v, row " + i + ", vector " + c);
        norm += r.vectors()[i * n + c] * r.vectors()[i * n + c];
      }
      assertEquals(1, norm, 1e-12);
    }
    double trace = 0;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      trace += a[i * n + i];
      sum += r.values()[i];
    }
    assertEquals(trace, sum, 1e-10, "the eigenvalues sum to the trace");
  }

  @Test
  void jacobiMatchesTheClosedFormOfATwoByTwo() {
    // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with eigenvectors (1, 1)/√2 and (1, −1)/√2.
    PublicRepSymmetricEigen.Result r = PublicRepSymmetricEigen.of(new double[] {2, 1, 1, 2}, 2);
    assertEquals(3, r.values()[0], 1e-14);
    assertEquals(1, r.values()[1], 1e-14);
    assertEquals(1 / Math.sqrt(2), Math.abs(r.vectors()[0]), 1e-14);
    assertEquals(r.vectors()[0], r.vectors()[2], 1e-14, "top eigenvector is along (1, 1)");
  }

  @Test
  void badInputIsRefusedWithTheShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PublicRepSymmetricEigen.of(new double[] {1, 2, 3, 4}, 2));
    assertTrue(e.getMessage().contains("not symmetric"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PublicRepSymmetricEigen.of(new double[5], 2));
    assertTrue(e.getMessage().contains("2x2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PublicRepSubspace.momentMatrix(new float[6], new float[2], 2, 4));
    assertTrue(e.getMessage().contains("2x4"), e.getMessage());
  }

  @Test
  void principalAnglesOfKnownSubspaces() {
    int d = 4;
    int k = 2;
    double t = 0.3;
    // span{e1, e2} against span{e1, cos t·e2 + sin t·e3}: angles 0 and t.
    double[] a = {1, 0, 0, 1, 0, 0, 0, 0};
    double[] b = {1, 0, 0, Math.cos(t), 0, Math.sin(t), 0, 0};
    double[] cos = PublicRepSubspace.principalCosines(a, b, d, k);
    assertEquals(1, cos[0], 1e-12);
    assertEquals(Math.cos(t), cos[1], 1e-12);
    assertEquals(Math.sin(t), PublicRepSubspace.largestAngleSine(a, b, d, k), 1e-12);
    // A rotated basis of the same subspace has every angle 0.
    double c = Math.cos(1.1);
    double s = Math.sin(1.1);
    double[] rotated = {c, -s, s, c, 0, 0, 0, 0};
    assertEquals(0, PublicRepSubspace.largestAngleSine(a, rotated, d, k), 1e-7);
    double[] v = {0.5, -2, 3, 0};
    assertEquals(3, PublicRepSubspace.residualNorm(a, v, d, k), 1e-12, "only the e3 part lies outside span{e1, e2}");
  }

  @Test
  void momentMatrixMatchesItsPopulationValue() {
    // One task, θ = (1, 2, 0, ...), σ = 0.5: E[y²xxᵀ] = (‖θ‖² + σ²)I + 2θθᵀ, by Isserlis' theorem.
    int d = 5;
    int n = 200_000;
    double sigma = 0.5;
    double[] theta = {1, 2, 0, 0, 0};
    Rng rng = new Rng(11);
    float[] x = new float[n * d];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) rng.nextGaussian();
        s += x[i * d + j] * theta[j];
      }
      y[i] = (float) (s + sigma * rng.nextGaussian());
    }
    double[] m = PublicRepSubspace.momentMatrix(x, y, n, d);
    double iso = 5 + sigma * sigma;
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        double expected = (a == b ? iso : 0) + 2 * theta[a] * theta[b];
        // Entry std ≈ sqrt(E[y⁴x_a²x_b²]/n) ≤ about 0.4 here; 0.2 is several standard errors.
        assertEquals(expected, m[a * d + b], 0.2, "M[" + a + "][" + b + "]");
        assertEquals(m[a * d + b], m[b * d + a], 0.0, "the moment matrix is exactly symmetric");
      }
    }
  }

  @Test
  void recoversTheSharedSubspaceOnNoiselessData() {
    // Noiseless public tasks along the three columns of a random B in ℝ¹⁰ (the best-conditioned
    // task set: the signal part of the moment is (2/3)·BBᵀ), 200,000 rows: the moment estimate must
    // agree with B up to principal angles near 0. What is left is the estimator's own sampling
    // error (its fourth moments), about 0.03 in sin θ here by a numpy check of the same setting.
    int d = 10;
    int k = 3;
    double[] basis = PublicRepLinearTasks.orthonormalColumns(d, k, new Rng(5));
    double[] betas = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    double[] priv = {0, 0, 1};
    double[] theta = PublicRepLinearTasks.times(basis, priv, d, k);
    PublicRepLinearTasks.World w = new PublicRepLinearTasks.World(d, k, basis, betas, 3, priv, theta, new double[d], 0);
    PublicRepLinearTasks.Sample pub = PublicRepLinearTasks.publicSample(w, 200_000, new Rng(6));
    double[] bHat = PublicRepSubspace.estimate(pub.x(), pub.y(), pub.n(), d, k);
    double sine = PublicRepSubspace.largestAngleSine(basis, bHat, d, k);
    assertTrue(sine < 0.08, "largest principal angle sine " + sine);
    for (double c : PublicRepSubspace.principalCosines(basis, bHat, d, k)) {
      assertTrue(c > 0.996, "principal cosine " + c);
    }
    assertTrue(PublicRepSubspace.residualNorm(bHat, theta, d, k) < 0.08, "θ* lies in B̂ up to the angle");
    // With 100 times fewer rows the same estimator is visibly worse: the test can tell.
    PublicRepLinearTasks.Sample few = PublicRepLinearTasks.publicSample(w, 2_000, new Rng(6));
    double fewSine = PublicRepSubspace.largestAngleSine(basis,
        PublicRepSubspace.estimate(few.x(), few.y(), few.n(), d, k), d, k);
    assertTrue(fewSine > 2 * sine, "2,000 rows: sin θ " + fewSine + " vs 200,000 rows: " + sine);
  }

  @Test
  void theEstimateSharpensWithMorePublicRowsAndMissesAnUnseenDirection() {
    int d = 20;
    int k = 3;
    PublicRepLinearTasks.World w = PublicRepLinearTasks.draw(d, k, 10, 0.0, new Rng(8));
    double few = PublicRepSubspace.largestAngleSine(w.basis(), estimate(w, 2_000, 9), d, k);
    double many = PublicRepSubspace.largestAngleSine(w.basis(), estimate(w, 50_000, 9), d, k);
    assertTrue(many < few, "sin θ with 50,000 rows " + many + " should be below that with 2,000 rows " + few);
    // Public tasks that all lie along one direction of B carry no moment signal in the others, so
    // the estimate cannot contain them: why the private β is taken orthogonal to the public mean,
    // not to the public span (PublicRepLinearTasks).
    double[] basis = w.basis();
    int n = 50_000;
    Rng rng = new Rng(10);
    float[] x = new float[n * d];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) rng.nextGaussian();
        s += x[i * d + j] * basis[j * k] * (1 + i % 3);
      }
      y[i] = (float) s;
    }
    double[] bHat = PublicRepSubspace.estimate(x, y, n, d, k);
    double[] third = new double[d];
    for (int j = 0; j < d; j++) {
      third[j] = basis[j * k + 2];
    }
    assertTrue(PublicRepSubspace.residualNorm(bHat, third, d, k) > 0.5,
        "a direction no public task uses cannot be recovered");
  }

  @Test
  void thePrivateTaskIsInsideBAndOrthogonalToThePooledPublicModel() {
    PublicRepLinearTasks.World w = PublicRepLinearTasks.draw(50, 3, 10, 1.0, new Rng(2));
    double dot = 0;
    double norm = 0;
    for (int j = 0; j < 50; j++) {
      dot += w.theta()[j] * w.pooledPublic()[j];
      norm += w.theta()[j] * w.theta()[j];
    }
    assertEquals(0, dot, 1e-12, "θ* ⟂ the pooled public model");
    assertEquals(1, norm, 1e-12, "θ* has unit norm");
    assertEquals(0, PublicRepSubspace.residualNorm(w.basis(), w.theta(), 50, 3), 1e-12, "θ* ∈ span(B)");
    assertEquals(0, PublicRepSubspace.largestAngleSine(w.basis(), w.basis(), 50, 3), 1e-7);
  }

  private static double[] estimate(PublicRepLinearTasks.World w, int n, long seed) {
    PublicRepLinearTasks.Sample pub = PublicRepLinearTasks.publicSample(w, n, new Rng(seed));
    return PublicRepSubspace.estimate(pub.x(), pub.y(), pub.n(), w.d(), w.k());
  }
}
