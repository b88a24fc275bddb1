package org.probity.core.multiobjective;

/**
 * The settings of a {@link MultiSolutionTransport} run (MosT; Li, Li, Smith, Bilmes and Zhou,
 * ICLR 2025), fixed and validated up front so a run is fully described by its config and seed.
 *
 * @param solutions m, the number of solutions (models) to train
 * @param rounds alternations of the transport (upper) and MGDA (lower) levels
 * @param innerSteps MGDA steps per solution between two transport solves
 * @param learningRate η in θ_j ← θ_j − η Σ_i λ*_i Γ_ij ∇L_i(θ_j)
 * @param transport the solver for Γ (MosT's default: IPOT)
 * @param beta IPOT's proximal step, or Sinkhorn's entropic ε, on the sum-normalised cost (MosT: 0.01)
 * @param transportIterations IPOT proximal steps or Sinkhorn scalings (MosT: 200)
 * @param maskThreshold solution j's MGDA uses only objectives that send more than this share of their
 *     own transport mass to j (Γ_ij / a_i &gt; threshold, a_i = m/n); the largest one when none does. The
 *     official code masks raw Γ at 1e-8, which with exact gradients lets every objective with a sliver
 *     of mass into the min-norm problem and pins each solution to a compromise of several clusters
 *     (seen in this library's reproduction); a share keeps the mask independent of n and m
 * @param movingAverage μ in Γ ← μ Γ_prev + (1 − μ) Γ_new (0 disables the smoothing; the code's
 *     {@code --ot_ma 1} keeps a running mean instead, whose weight on new plans falls as 1/t)
 * @param frankWolfeIterations Frank–Wolfe steps for each min-norm problem (code default 20)
 */
public record MostConfig(int solutions, int rounds, int innerSteps, double learningRate,
    OptimalTransport.Method transport, double beta, int transportIterations, double maskThreshold,
    double movingAverage, int frankWolfeIterations) {

  public MostConfig {
    if (solutions < 1) {
      throw new IllegalArgumentException("most config: solutions must be >= 1, got " + solutions);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("most config: rounds must be >= 1, got " + rounds);
    }
    if (innerSteps < 1) {
      throw new IllegalArgumentException("most config: innerSteps must be >= 1, got " + innerSteps);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("most config: learningRate must be finite and > 0, got " + learningRate);
    }
    if (transport == null) {
      throw new IllegalArgumentException("most config: transport method must be IPOT or SINKHORN, got null");
    }
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("most config: beta must be finite and > 0, got " + beta);
    }
    if (transportIterations < 1) {
      throw new IllegalArgumentException("most config: transportIterations must be >= 1, got " + transportIterations);
    }
    if (!(maskThreshold >= 0 && maskThreshold < 1)) {
      throw new IllegalArgumentException("most config: maskThreshold must be in [0, 1), got " + maskThreshold);
    }
    if (!(movingAverage >= 0 && movingAverage < 1)) {
      throw new IllegalArgumentException("most config: movingAverage must be in [0, 1), got " + movingAverage);
    }
    if (frankWolfeIterations < 1) {
      throw new IllegalArgumentException("most config: frankWolfeIterations must be >= 1, got "
          + frankWolfeIterations);
    }
  }

  /**
   * MosT's solver settings (IPOT, β = 0.01, 200 steps; 20 Frank–Wolfe steps per min-norm problem)
   * with 60 rounds of 10 MGDA steps at η = 1, mask share 0.5 (an objective steers only the solution
   * that receives the majority of its mass) and moving average 0.5; the last four are this
   * library's choices (see the parameters).
   */
  public static MostConfig defaults(int solutions) {
    return new MostConfig(solutions, 60, 10, 1.0, OptimalTransport.Method.IPOT, 0.01, 200, 0.5, 0.5, 20);
  }

  public MostConfig withRounds(int r) {
    return new MostConfig(solutions, r, innerSteps, learningRate, transport, beta, transportIterations, maskThreshold,
        movingAverage, frankWolfeIterations);
  }

  public MostConfig withLearningRate(double lr) {
    return new MostConfig(solutions, rounds, innerSteps, lr, transport, beta, transportIterations, maskThreshold,
        movingAverage, frankWolfeIterations);
  }

  public MostConfig withTransport(OptimalTransport.Method method, double reg) {
    return new MostConfig(solutions, rounds, innerSteps, learningRate, method, reg, transportIterations, maskThreshold,
        movingAverage, frankWolfeIterations);
  }

  public MostConfig withMask(double share) {
    return new MostConfig(solutions, rounds, innerSteps, learningRate, transport, beta, transportIterations, share,
        movingAverage, frankWolfeIterations);
  }

  public MostConfig withMovingAverage(double mu) {
    return new MostConfig(solutions, rounds, innerSteps, learningRate, transport, beta, transportIterations,
        maskThreshold, mu, frankWolfeIterations);
  }
}
