package org.probity.core.repro.most;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.tensor.Rng;

/**
 * The small-scale reproduction of many-objective multi-solution transport (MosT; Li, Li, Smith,
 * Bilmes and Zhou, "Many-Objective Multi-Solution Transport", ICLR 2025): with many objectives and
 * few solutions, matching objectives to solutions by optimal transport and then improving each
 * solution by MGDA on its matched objectives should give every objective a good solution, where
 * blind ways of making m solutions (random linear scalarisations, independent MGDA runs) all end near
 * compromises of every objective. The experiment is the research notes' (§4) synthetic federated
 * regression — 30 least-squares objectives around 5 latent cluster centres, 5 solutions — and the
 * three claims are the notes' pass criterion, stated before measuring. Every seed runs all methods
 * on one problem ({@link MostExperiment}); claims are judged on means over seeds.
 */
public final class MostRepro implements Repro {
  static final int QUICK_SEEDS = 2;
  static final int FULL_SEEDS = 5;
  /** MosT's mean best-solution loss must be at most this times each baseline's (notes §4). */
  static final double BASELINE_RATIO = 0.5;
  /** MosT's worst objective must be at most this times the oracle's worst (notes §4). */
  static final double ORACLE_RATIO = 3.0;

  private static final String SETTING = "30 least-squares objectives L_i(theta) = mean (x.theta - y)^2, 40 rows"
      + " each, x ~ N(0, I_10), y = x.w_i + N(0, 0.1^2), w_i = (centre of cluster i mod 5) + N(0, 0.1^2 I),"
      + " centres ~ N(0, I); m = 5 solutions; MosT = IPOT transport (beta 0.01, 200 steps, marginals m/n and 1) +"
      + " per-solution MGDA (Frank-Wolfe, 20 steps) on the Gamma-weighted objectives holding > 0.5 of their mass"
      + " there, 60 rounds x 10 steps, lr 1.5, moving average 0.5";

  static final Claim BEATS_BASELINES = new Claim("beats-baselines",
      "Many objectives, few solutions (" + SETTING + "): averaged over seeds, MosT's mean over objectives of the"
          + " best solution's loss min_j L_i(theta_j) is <= 0.5 x that of (a) linear scalarisation with 5"
          + " Dirichlet(1) preference vectors and <= 0.5 x that of (b) 5 independent MGDA runs over all objectives"
          + " (both by 600 gradient steps at lr 0.25 from N(0, I) starts, the same step budget per solution as"
          + " MosT).");
  static final Claim NEAR_ORACLE = new Claim("near-oracle",
      "Worst objective near the oracle (same setting): averaged over seeds, MosT's worst objective"
          + " max_i min_j L_i(theta_j) is <= 3 x the worst objective of (d) the oracle clustering, which fits one"
          + " solution per true cluster to the cluster's mean loss.");
  static final Claim NO_COLLAPSE = new Claim("no-collapse",
      "No collapse (same setting): in every seed, each of the 5 solutions is assigned >= 1 objective with Gamma mass"
          + " >= 0.5, mass read as the objective's share Gamma_ij / sum_k Gamma_ik (its raw Gamma_ij is at most"
          + " m/n = 1/6).");

  @Override
  public String id() {
    return "most";
  }

  @Override
  public String paper() {
    return "Li, Li, Smith, Bilmes, Zhou. Many-Objective Multi-Solution Transport. ICLR 2025";
  }

  @Override
  public List<Claim> claims() {
    return List.of(BEATS_BASELINES, NEAR_ORACLE, NO_COLLAPSE);
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    int seeds = mode == Mode.FULL ? FULL_SEEDS : QUICK_SEEDS;
    Rng root = new Rng(seed).derive("most");
    MostExperiment.Outcome[] o = new MostExperiment.Outcome[seeds];
    for (int s = 0; s < seeds; s++) {
      o[s] = MostExperiment.run(MostExperiment.ROUNDS, root.derive(s));
    }
    String runs = seeds == 1 ? "1 seed" : seeds + " seeds";
    if (mode == Mode.QUICK) {
      runs += " (QUICK; FULL runs " + FULL_SEEDS + ")";
    }
    return new ReproResult(id(), paper(), mode, seed, List.of(beatsBaselines(o, runs), nearOracle(o, runs),
        noCollapse(o, runs)));
  }

  static ClaimResult beatsBaselines(MostExperiment.Outcome[] o, String runs) {
    double most = mean(o, MostExperiment.Outcome::mostMean);
    double ls = mean(o, MostExperiment.Outcome::scalarizationMean);
    double mgda = mean(o, MostExperiment.Outcome::mgdaMean);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("most_mean_best_loss", most);
    m.put("scalarization_mean_best_loss", ls);
    m.put("mgda_mean_best_loss", mgda);
    m.put("oracle_mean_loss", mean(o, MostExperiment.Outcome::oracleMean));
    m.put("most_over_scalarization", most / ls);
    m.put("most_over_mgda", most / mgda);
    m.put("most_mean_best_loss_max_seed", max(o, MostExperiment.Outcome::mostMean));
    boolean okLs = most <= BASELINE_RATIO * ls;
    boolean okMgda = most <= BASELINE_RATIO * mgda;
    String note = String.format("%s; mean best-solution loss: MosT %.4f, scalarisation %.4f (ratio %.3f%s),"
        + " independent MGDA %.4f (ratio %.3f%s), need ratios <= %.1f; oracle %.4f for reference.", runs, most, ls,
        most / ls, okLs ? "" : " FAILED", mgda, most / mgda, okMgda ? "" : " FAILED", BASELINE_RATIO,
        mean(o, MostExperiment.Outcome::oracleMean));
    return new ClaimResult(BEATS_BASELINES, m, okLs && okMgda, note);
  }

  static ClaimResult nearOracle(MostExperiment.Outcome[] o, String runs) {
    double most = mean(o, MostExperiment.Outcome::mostWorst);
    double oracle = mean(o, MostExperiment.Outcome::oracleWorst);
    double sameObjective = mean(o, MostExperiment.Outcome::oracleAtMostWorst);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("most_worst_loss", most);
    m.put("oracle_worst_loss", oracle);
    m.put("most_over_oracle", most / oracle);
    m.put("oracle_loss_on_most_worst_objective", sameObjective);
    m.put("scalarization_worst_loss", mean(o, MostExperiment.Outcome::scalarizationWorst));
    m.put("mgda_worst_loss", mean(o, MostExperiment.Outcome::mgdaWorst));
    m.put("most_worst_loss_max_seed", max(o, MostExperiment.Outcome::mostWorst));
    boolean pass = most <= ORACLE_RATIO * oracle;
    int stuck = 0;
    for (MostExperiment.Outcome x : o) {
      if (x.mostWorst() > ORACLE_RATIO * x.oracleWorst()) {
        stuck++;
      }
    }
    String note = String.format("%s; worst objective: MosT %.4f vs oracle %.4f, ratio %.2f (need <= %.0f)%s;"
        + " seeds over the ratio on their own: %d of %d;"
        + " the oracle's loss on MosT's worst objective: %.4f (reported, not judged).", runs, most, oracle,
        most / oracle, ORACLE_RATIO, pass ? "" : " FAILED", stuck, o.length, sameObjective);
    return new ClaimResult(NEAR_ORACLE, m, pass, note);
  }

  static ClaimResult noCollapse(MostExperiment.Outcome[] o, String runs) {
    int minAssigned = Integer.MAX_VALUE;
    double used = 0;
    for (MostExperiment.Outcome x : o) {
      minAssigned = Math.min(minAssigned, x.minAssigned());
      used += (double) x.solutionsUsed() / o.length;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("min_objectives_assigned_per_solution", (double) minAssigned);
    m.put("mean_objectives_per_solution", (double) ClusteredRegression.OBJECTIVES / MostExperiment.SOLUTIONS);
    m.put("solutions_that_are_some_objectives_best", used);
    boolean pass = minAssigned >= 1;
    String note = String.format("%s; fewest objectives with share >= 0.5 on any solution in any seed: %d (need >= 1)%s;"
        + " solutions that are some objective's best, mean over seeds: %.1f of %d (reported, not judged).", runs,
        minAssigned, pass ? "" : " FAILED", used, MostExperiment.SOLUTIONS);
    return new ClaimResult(NO_COLLAPSE, m, pass, note);
  }

  private static double mean(MostExperiment.Outcome[] o, java.util.function.ToDoubleFunction<MostExperiment.Outcome> f) {
    double s = 0;
    for (MostExperiment.Outcome x : o) {
      s += f.applyAsDouble(x);
    }
    return s / o.length;
  }

  private static double max(MostExperiment.Outcome[] o, java.util.function.ToDoubleFunction<MostExperiment.Outcome> f) {
    double s = Double.NEGATIVE_INFINITY;
    for (MostExperiment.Outcome x : o) {
      s = Math.max(s, f.applyAsDouble(x));
    }
    return s;
  }
}
