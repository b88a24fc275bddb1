package org.probity.federated.repro;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.core.repro.ClaimResult;

/**
 * Turns the arms of {@link PrivateSilos} over several seeds into MrMtlRepro's two silo claims: for
 * each ε and method, the setting (learning rate, and λ for MR-MTL) with the best seed-averaged mean
 * validation accuracy (the first of the grid on ties: the smallest λ, the smallest rate), whose
 * seed-averaged test accuracy is then compared; and the λ chosen at each ε.
 */
final class SiloClaims {
  private SiloClaims() {}

  /** The chosen arm of one method at one ε, with its averaged scores. */
  private record Choice(PrivateSilos.Arm arm, double validation, double test, double spent) {}

  static List<ClaimResult> evaluate(List<Map<PrivateSilos.Arm, PrivateSilos.Score>> runs, PrivateSilos.Settings s,
      int seeds) {
    Map<String, Double> wins = new LinkedHashMap<>();
    Map<String, Double> lambdas = new LinkedHashMap<>();
    boolean allWin = true;
    double[] chosen = new double[s.epsilons().length];
    for (int e = 0; e < s.epsilons().length; e++) {
      double eps = s.epsilons()[e];
      String tag = "eps=" + (Double.isInfinite(eps) ? "inf" : Double.toString(eps));
      Choice local = choose(runs, PrivateSilos.LOCAL, eps);
      Choice fedavg = choose(runs, PrivateSilos.FEDAVG, eps);
      Choice mrmtl = choose(runs, PrivateSilos.MRMTL, eps);
      for (Choice c : List.of(local, fedavg, mrmtl)) {
        String k = tag + "." + c.arm().method();
        wins.put(k + ".test", c.test());
        wins.put(k + ".validation", c.validation());
        wins.put(k + ".lr", c.arm().lr());
      }
      wins.put(tag + ".mrmtl.lambda", mrmtl.arm().lambda());
      wins.put(tag + ".mrmtl_minus_best_baseline", mrmtl.test() - Math.max(local.test(), fedavg.test()));
      if (!Double.isInfinite(eps)) {
        wins.put(tag + ".max_silo_epsilon_spent", mrmtl.spent());
        allWin &= mrmtl.test() > Math.max(local.test(), fedavg.test());
      }
      chosen[e] = mrmtl.arm().lambda();
      lambdas.put(tag + ".lambda", chosen[e]);
    }
    // s.epsilons() is ordered ∞, 1, 0.5: λ must not shrink along it and must end above where it began.
    boolean grows = chosen[chosen.length - 1] > chosen[0];
    for (int e = 1; e < chosen.length; e++) {
      grows &= chosen[e] >= chosen[e - 1];
    }
    String scale = " (" + seeds + " seed(s); " + s + ")";
    return List.of(
        new ClaimResult(MrMtlRepro.SILOS_MRMTL_WINS, wins, allWin, "settings chosen on seed-averaged mean validation"
            + " accuracy; test accuracy averaged over seeds" + scale),
        new ClaimResult(MrMtlRepro.SILOS_LAMBDA_GROWS, lambdas, grows, "λ chosen with the learning rate on validation"
            + scale));
  }

  private static Choice choose(List<Map<PrivateSilos.Arm, PrivateSilos.Score>> runs, String method, double eps) {
    Choice best = null;
    for (PrivateSilos.Arm arm : runs.get(0).keySet()) {
      if (!arm.method().equals(method) || arm.epsilon() != eps) {
        continue;
      }
      double val = 0;
      double test = 0;
      double spent = 0;
      for (Map<PrivateSilos.Arm, PrivateSilos.Score> r : runs) {
        PrivateSilos.Score sc = r.get(arm);
        val += sc.validation() / runs.size();
        test += sc.test() / runs.size();
        spent = Math.max(spent, sc.spentEpsilon());
      }
      if (best == null || val > best.validation()) {
        best = new Choice(arm, val, test, spent);
      }
    }
    if (best == null) {
      throw new IllegalStateException("mrmtl: no arm of " + method + " at ε=" + eps);
    }
    return best;
  }
}
