package org.probity.privacy.repro;

import org.probity.tensor.Rng;

/**
 * The theoretical model of Thaker, Setlur, Wu, Smith (NeurIPS 2024, its theory section), after the
 * representation-learning model of Tripuraneni et al. (ICML 2021): d-dimensional Gaussian inputs,
 * an orthonormal d×k basis B shared by every task, public tasks y = xᵀBβ_t + noise and one private
 * task θ* = Bβ_priv. The private β_priv is a unit vector orthogonal to the mean of the public β_t,
 * so the pooled public model (what training on all public data yields) carries no information about
 * the private labels and zero-shot transfer fails, while θ* still lies in span(B).
 *
 * <p>Why the mean and not the span: the notes (§13) ask for β_priv "orthogonal to the span of the
 * public β_t but inside span(B)"; with T = 10 ≥ k public tasks in general position the β_t span all
 * of ℝᵏ, so nothing inside span(B) is orthogonal to them, and making them degenerate instead would
 * hide the private direction from any public estimator (the moment matrix has no signal there).
 * Orthogonality to the pooled public predictor is the reading that keeps both "zero-shot fails"
 * and "the private task lies in the shared subspace", which is what the paper's theory needs.
 *
 * <p>Public β_t ~ N(0, I_k) (task diversity as Tripuraneni et al. assume); public samples cycle
 * through the tasks so each gets n₁/T of them; x ~ N(0, I_d); label noise N(0, σ²).
 */
final class PublicRepLinearTasks {
  private PublicRepLinearTasks() {}

  /**
   * One draw of the model.
   *
   * @param basis B, row-major d×k with orthonormal columns
   * @param publicBetas the T public task vectors β_t ∈ ℝᵏ, row-major T×k
   * @param privateBeta β_priv ∈ ℝᵏ, unit norm, orthogonal to the mean public β
   * @param theta θ* = Bβ_priv ∈ ℝᵈ (unit norm)
   * @param pooledPublic B·mean(β_t): the population least-squares model of the pooled public data
   */
  record World(int d, int k, double[] basis, double[] publicBetas, int tasks, double[] privateBeta, double[] theta,
      double[] pooledPublic, double noise) {}

  /** Rows {@code x} (row-major n×d) with targets {@code y}. */
  record Sample(float[] x, float[] y, int n, int d) {}

  static World draw(int d, int k, int tasks, double noise, Rng rng) {
    if (k < 2 || k > d || tasks < 1 || !(noise >= 0)) {
      throw new IllegalArgumentException("linear tasks: need 2 <= k <= d, tasks >= 1, noise >= 0; got d=" + d
          + ", k=" + k + ", tasks=" + tasks + ", noise=" + noise);
    }
    double[] basis = orthonormalColumns(d, k, rng.derive("basis"));
    Rng betas = rng.derive("public-betas");
    double[] pub = new double[tasks * k];
    double[] mean = new double[k];
    for (int t = 0; t < tasks; t++) {
      for (int j = 0; j < k; j++) {
        pub[t * k + j] = betas.nextGaussian();
        mean[j] += pub[t * k + j] / tasks;
      }
    }
    double[] priv = orthogonalUnit(mean, rng.derive("private-beta"));
    return new World(d, k, basis, pub, tasks, priv, times(basis, priv, d, k), times(basis, mean, d, k), noise);
  }

  /** n₁ public rows, row i from task i mod T. */
  static Sample publicSample(World w, int n, Rng rng) {
    double[][] thetas = new double[w.tasks()][];
    for (int t = 0; t < w.tasks(); t++) {
      double[] beta = new double[w.k()];
      System.arraycopy(w.publicBetas(), t * w.k(), beta, 0, w.k());
      thetas[t] = times(w.basis(), beta, w.d(), w.k());
    }
    float[] x = new float[n * w.d()];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = row(x, i, thetas[i % w.tasks()], w.d(), w.noise(), rng);
    }
    return new Sample(x, y, n, w.d());
  }

  /** n rows of the private task. */
  static Sample privateSample(World w, int n, Rng rng) {
    float[] x = new float[n * w.d()];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      y[i] = row(x, i, w.theta(), w.d(), w.noise(), rng);
    }
    return new Sample(x, y, n, w.d());
  }

  private static float row(float[] x, int i, double[] theta, int d, double noise, Rng rng) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      float v = (float) rng.nextGaussian();
      x[i * d + j] = v;
      s += v * theta[j];
    }
    return (float) (s + noise * rng.nextGaussian());
  }

  /** A Gaussian d×k matrix orthonormalised by modified Gram–Schmidt: a uniformly random k-dimensional subspace. */
  static double[] orthonormalColumns(int d, int k, Rng rng) {
    double[] b = new double[d * k];
    for (int i = 0; i < b.length; i++) {
      b[i] = rng.nextGaussian();
    }
    for (int c = 0; c < k; c++) {
      for (int p = 0; p < c; p++) {
        double dot = 0;
        for (int r = 0; r < d; r++) {
          dot += b[r * k + c] * b[r * k + p];
        }
        for (int r = 0; r < d; r++) {
          b[r * k + c] -= dot * b[r * k + p];
        }
      }
      double norm = 0;
      for (int r = 0; r < d; r++) {
        norm += b[r * k + c] * b[r * k + c];
      }
      norm = Math.sqrt(norm);
      for (int r = 0; r < d; r++) {
        b[r * k + c] /= norm;
      }
    }
    return b;
  }

  /** A random unit vector orthogonal to {@code u} (any unit vector when u = 0). */
  private static double[] orthogonalUnit(double[] u, Rng rng) {
    int k = u.length;
    double uu = 0;
    for (double v : u) {
      uu += v * v;
    }
    double[] g = new double[k];
    for (int j = 0; j < k; j++) {
      g[j] = rng.nextGaussian();
    }
    if (uu > 0) {
      double gu = 0;
      for (int j = 0; j < k; j++) {
        gu += g[j] * u[j];
      }
      for (int j = 0; j < k; j++) {
        g[j] -= gu / uu * u[j];
      }
    }
    double n = 0;
    for (double v : g) {
      n += v * v;
    }
    n = Math.sqrt(n);
    for (int j = 0; j < k; j++) {
      g[j] /= n;
    }
    return g;
  }

  /** B·v for row-major d×k B. */
  static double[] times(double[] basis, double[] v, int d, int k) {
    double[] out = new double[d];
    for (int r = 0; r < d; r++) {
      double s = 0;
      for (int j = 0; j < k; j++) {
        s += basis[r * k + j] * v[j];
      }
      out[r] = s;
    }
    return out;
  }
}
