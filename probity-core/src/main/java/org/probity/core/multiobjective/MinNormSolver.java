package org.probity.core.multiobjective;

/**
 * The min-norm point of the convex hull of k vectors, {@code λ* = argmin_{λ∈Δ} ‖Σ_i λ_i g_i‖²},
 * by Frank–Wolfe with exact line search on the Gram matrix. This is the direction-finding step of
 * MGDA (Désidéri 2012; as solved in Sener and Koltun, "Multi-Task Learning as Multi-Objective
 * Optimization", NeurIPS 2018), which MosT (Li et al., ICLR 2025; code tianyi-lab/MosT
 * {@code copsolver/frank_wolfe_solver.py}) runs for each solution over its transport-weighted
 * objective gradients: −Σ λ*_i g_i decreases every objective at once unless the point is Pareto
 * stationary, where it is zero. Frank–Wolfe suits the simplex (each step moves toward one vertex,
 * and the two-vector line search has a closed form); starting from the shortest vertex and only
 * ever accepting improving steps keeps the result no longer than any single g_i.
 */
public final class MinNormSolver {
  public static final int DEFAULT_ITERATIONS = 250;
  public static final double DEFAULT_TOLERANCE = 1e-10;

  private MinNormSolver() {}

  /** λ* with the default budget (250 steps, duality gap ≤ 1e-10 × the largest ‖g_i‖²). */
  public static double[] solve(double[][] vectors) {
    return solve(vectors, DEFAULT_ITERATIONS, DEFAULT_TOLERANCE);
  }

  /**
   * λ* for the rows of {@code vectors} (k × d, all rows the same length), stopping after
   * {@code maxIterations} Frank–Wolfe steps or once the duality gap is at most
   * {@code tolerance} × max_i ‖g_i‖².
   */
  public static double[] solve(double[][] vectors, int maxIterations, double tolerance) {
    int k = vectors.length;
    if (k == 0) {
      throw new IllegalArgumentException("min-norm: need at least one vector, got 0");
    }
    int d = vectors[0].length;
    for (int i = 0; i < k; i++) {
      if (vectors[i].length != d) {
        throw new IllegalArgumentException("min-norm: vector " + i + " has length " + vectors[i].length
            + ", vector 0 has " + d);
      }
      for (int c = 0; c < d; c++) {
        if (!Double.isFinite(vectors[i][c])) {
          throw new IllegalArgumentException("min-norm: vector " + i + " entry " + c + " = " + vectors[i][c]
              + " is not finite");
        }
      }
    }
    double[] gram = new double[k * k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0;
        double[] u = vectors[i];
        double[] v = vectors[j];
        for (int c = 0; c < d; c++) {
          s += u[c] * v[c];
        }
        gram[i * k + j] = s;
        gram[j * k + i] = s;
      }
    }
    return solveGram(gram, k, maxIterations, tolerance);
  }

  /** λ* from the k × k Gram matrix (row-major, symmetric positive semidefinite) of the vectors. */
  public static double[] solveGram(double[] gram, int k, int maxIterations, double tolerance) {
    if (k < 1 || gram.length != k * k) {
      throw new IllegalArgumentException("min-norm: Gram matrix has " + gram.length + " entries, expected k*k for k="
          + k);
    }
    if (maxIterations < 0) {
      throw new IllegalArgumentException("min-norm: maxIterations must be >= 0, got " + maxIterations);
    }
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("min-norm: tolerance must be >= 0, got " + tolerance);
    }
    double[] lambda = new double[k];
    int start = 0;
    double scale = 0;
    for (int i = 0; i < k; i++) {
      double mii = gram[i * k + i];
      scale = Math.max(scale, mii);
      if (mii < gram[start * k + start]) {
        start = i;
      }
    }
    lambda[start] = 1;
    if (k == 1) {
      return lambda;
    }
    // mLambda = M λ; vv = λᵀ M λ = ‖v‖² for v = Σ λ_i g_i.
    double[] mLambda = new double[k];
    for (int i = 0; i < k; i++) {
      mLambda[i] = gram[i * k + start];
    }
    double vv = gram[start * k + start];
    double gapLimit = tolerance * scale;
    for (int it = 0; it < maxIterations; it++) {
      int t = 0;
      for (int i = 1; i < k; i++) {
        if (mLambda[i] < mLambda[t]) {
          t = i;
        }
      }
      double vt = mLambda[t];
      double tt = gram[t * k + t];
      double gap = vv - vt;
      if (gap <= gapLimit) {
        break;
      }
      // min over γ ∈ [0, 1] of ‖(1 − γ) v + γ g_t‖²: γ = (v·v − v·g_t) / ‖v − g_t‖².
      double denom = vv - 2 * vt + tt;
      if (!(denom > 0)) {
        break;
      }
      double gamma = Math.min(1.0, gap / denom);
      double keep = 1 - gamma;
      for (int i = 0; i < k; i++) {
        lambda[i] *= keep;
        mLambda[i] = keep * mLambda[i] + gamma * gram[i * k + t];
      }
      lambda[t] += gamma;
      vv = keep * keep * vv + 2 * keep * gamma * vt + gamma * gamma * tt;
    }
    return lambda;
  }

  /** ‖Σ_i λ_i g_i‖ for weights and vectors as passed to {@link #solve}. */
  public static double norm(double[] lambda, double[][] vectors) {
    if (lambda.length != vectors.length || vectors.length == 0) {
      throw new IllegalArgumentException("min-norm: " + lambda.length + " weights for " + vectors.length + " vectors");
    }
    double[] v = new double[vectors[0].length];
    for (int i = 0; i < lambda.length; i++) {
      for (int c = 0; c < v.length; c++) {
        v[c] += lambda[i] * vectors[i][c];
      }
    }
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
