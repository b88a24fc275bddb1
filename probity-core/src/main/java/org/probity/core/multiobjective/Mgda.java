package org.probity.core.multiobjective;

import java.util.List;

/**
 * One step of the multiple-gradient descent algorithm (MGDA; Désidéri 2012, Sener and Koltun,
 * NeurIPS 2018) on weighted objectives {w_i L_i}: find the min-norm convex combination of the
 * weighted gradients w_i ∇L_i(θ) ({@link MinNormSolver}) and step against it, which lowers every
 * included objective unless θ is already Pareto stationary for them. MosT's lower level (Li et
 * al., ICLR 2025) is this step with w_i = Γ_ij for solution j, restricted to objectives whose
 * weight is above a mask threshold so that objectives matched elsewhere do not pull the solution;
 * plain MGDA is the same step with every weight 1 and no mask.
 */
public final class Mgda {
  private Mgda() {}

  /**
   * θ ← θ − η Σ_i λ*_i w_i ∇L_i(θ) over the objectives with w_i &gt; maskThreshold (the largest-weight
   * objective alone when none is above it; objectives with w_i = 0 are never used), with λ* from
   * at most {@code frankWolfeIterations} Frank–Wolfe steps. Updates
   * {@code theta} in place and returns the norm of the step direction (0 at a Pareto-stationary
   * point of the included objectives).
   */
  public static double step(List<? extends DifferentiableObjective> objectives, double[] weights,
      double maskThreshold, double[] theta, double learningRate, int frankWolfeIterations) {
    int n = objectives.size();
    if (weights.length != n) {
      throw new IllegalArgumentException("mgda step: " + weights.length + " weights for " + n + " objectives");
    }
    int d = theta.length;
    int[] active = new int[n];
    int k = 0;
    int top = 0;
    for (int i = 0; i < n; i++) {
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException("mgda step: weight " + i + " = " + weights[i] + ", expected finite >= 0");
      }
      if (weights[i] > maskThreshold) {
        active[k++] = i;
      }
      if (weights[i] > weights[top]) {
        top = i;
      }
    }
    if (k == 0) {
      if (!(weights[top] > 0)) {
        return 0;
      }
      active[k++] = top;
    }
    double[][] g = new double[k][d];
    for (int a = 0; a < k; a++) {
      int i = active[a];
      DifferentiableObjective o = objectives.get(i);
      if (o.dimension() != d) {
        throw new IllegalArgumentException("mgda step: objective " + i + " has dimension " + o.dimension()
            + " but theta has length " + d);
      }
      o.valueAndGradient(theta, g[a]);
      double w = weights[i];
      for (int c = 0; c < d; c++) {
        g[a][c] *= w;
      }
    }
    double[] lambda = MinNormSolver.solve(g, frankWolfeIterations, MinNormSolver.DEFAULT_TOLERANCE);
    double[] dir = new double[d];
    for (int a = 0; a < k; a++) {
      double l = lambda[a];
      for (int c = 0; c < d; c++) {
        dir[c] += l * g[a][c];
      }
    }
    double norm = 0;
    for (int c = 0; c < d; c++) {
      norm += dir[c] * dir[c];
      theta[c] -= learningRate * dir[c];
    }
    return Math.sqrt(norm);
  }
}
