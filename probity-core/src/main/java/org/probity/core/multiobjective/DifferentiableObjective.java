package org.probity.core.multiobjective;

/**
 * One objective of a many-objective problem, as multi-solution training sees it: a smooth function
 * of a flat parameter vector θ with its value and gradient. MosT (Li, Li, Smith, Bilmes and Zhou,
 * "Many-Objective Multi-Solution Transport", ICLR 2025) only ever asks an objective for L_i(θ_j)
 * (to fill the transport cost matrix) and ∇L_i(θ_j) (for the per-solution MGDA step), so this is
 * all an objective must provide: a least-squares problem ({@link LeastSquaresObjective}), a model's
 * loss on one client's data, or a task's loss can all plug in. Plain {@code double[]} keeps the
 * solvers independent of the tensor stack and exact enough for the small convex checks.
 */
public interface DifferentiableObjective {
  /** Length of the parameter vector θ this objective takes. */
  int dimension();

  /** L(θ). */
  double value(double[] theta);

  /**
   * Writes ∇L(θ) into {@code gradient} (length {@link #dimension()}, overwritten) and returns L(θ),
   * so callers that need both pay for one pass.
   */
  double valueAndGradient(double[] theta, double[] gradient);
}
