package org.probity.core.repro.most;

import java.util.List;
import org.probity.core.multiobjective.LeastSquaresObjective;
import org.probity.core.multiobjective.MostConfig;
import org.probity.core.multiobjective.MostResult;
import org.probity.core.multiobjective.MultiSolutionTransport;
import org.probity.tensor.Rng;

/**
 * One seed of the MosT reproduction (Li et al., ICLR 2025; research notes §4): draws a clustered
 * regression problem ({@link ClusteredRegression}), makes five solutions for its 30 objectives with
 * MosT and with the three reference methods ({@link Baselines}), and measures each objective's
 * best-solution loss min_j L_i(θ_j). MosT and the two baselines get the same number of gradient
 * steps per solution (rounds × inner steps) and draw their starts from the same N(0, I); the oracle
 * is run to convergence.
 */
final class MostExperiment {
  static final int SOLUTIONS = 5;
  /** Rounds of transport + MGDA; each has {@link MostConfig#defaults}' 10 MGDA steps per solution. */
  static final int ROUNDS = 60;
  /** Baselines' step on losses whose Hessians are ≈ 2I (weights sum to 1 there). */
  static final double BASELINE_LR = 0.25;
  /**
   * MosT's step: its MGDA combination is over Γ_ij ∇L_i with Γ_ij ≤ m/n = 1/6, so η = 1.5 gives
   * the same per-objective step (0.25) as the baselines.
   */
  static final double MOST_LR = 1.5;
  static final int ORACLE_STEPS = 2000;
  /** Share of an objective's Γ mass that counts as "assigned" to a solution. */
  static final double ASSIGNED_SHARE = 0.5;

  /** The numbers one seed contributes to the claims. */
  record Outcome(double mostMean, double mostWorst, double oracleAtMostWorst, double oracleMean, double oracleWorst,
      double scalarizationMean, double scalarizationWorst, double mgdaMean, double mgdaWorst, int minAssigned,
      int solutionsUsed) {}

  private MostExperiment() {}

  static MostConfig config() {
    return config(ROUNDS);
  }

  static MostConfig config(int rounds) {
    return MostConfig.defaults(SOLUTIONS).withRounds(rounds).withLearningRate(MOST_LR);
  }

  static Outcome run(int rounds, Rng rng) {
    ClusteredRegression.Data data = ClusteredRegression.generate(rng.derive("data"));
    List<LeastSquaresObjective> objectives = data.objectives();
    MostConfig config = config(rounds);
    int steps = rounds * config.innerSteps();
    MostResult most = new MultiSolutionTransport(config).train(objectives, rng.derive("most"));
    MostResult ls = MostResult.evaluate(objectives,
        Baselines.linearScalarization(objectives, SOLUTIONS, steps, BASELINE_LR, rng.derive("scalarization")),
        uniform(objectives.size()));
    MostResult mgda = MostResult.evaluate(objectives,
        Baselines.independentMgda(objectives, SOLUTIONS, steps, BASELINE_LR, rng.derive("mgda")),
        uniform(objectives.size()));
    double[][] oracleSolutions = Baselines.oracle(objectives, data.cluster(), ClusteredRegression.CLUSTERS,
        ORACLE_STEPS, BASELINE_LR);
    double[] oracleLoss = new double[objectives.size()];
    double oracleMean = 0;
    double oracleWorst = 0;
    for (int i = 0; i < oracleLoss.length; i++) {
      oracleLoss[i] = objectives.get(i).value(oracleSolutions[data.cluster()[i]]);
      oracleMean += oracleLoss[i] / oracleLoss.length;
      oracleWorst = Math.max(oracleWorst, oracleLoss[i]);
    }
    double[] best = most.bestLoss();
    int worst = 0;
    for (int i = 1; i < best.length; i++) {
      if (best[i] > best[worst]) {
        worst = i;
      }
    }
    int minAssigned = Integer.MAX_VALUE;
    for (int c : most.assignedObjectives(ASSIGNED_SHARE)) {
      minAssigned = Math.min(minAssigned, c);
    }
    return new Outcome(most.meanBestLoss(), most.worstBestLoss(), oracleLoss[worst], oracleMean, oracleWorst,
        ls.meanBestLoss(), ls.worstBestLoss(), mgda.meanBestLoss(), mgda.worstBestLoss(), minAssigned,
        solutionsUsed(most));
  }

  /** How many distinct solutions are some objective's best (m when none is idle); reported, not judged. */
  static int solutionsUsed(MostResult result) {
    boolean[] used = new boolean[result.numSolutions()];
    int count = 0;
    for (int i = 0; i < result.numObjectives(); i++) {
      int j = result.bestSolution(i);
      if (!used[j]) {
        used[j] = true;
        count++;
      }
    }
    return count;
  }

  /** A placeholder plan for methods without transport (uniform, total mass m). */
  private static double[][] uniform(int n) {
    double[][] g = new double[n][SOLUTIONS];
    for (double[] row : g) {
      java.util.Arrays.fill(row, 1.0 / n);
    }
    return g;
  }
}
