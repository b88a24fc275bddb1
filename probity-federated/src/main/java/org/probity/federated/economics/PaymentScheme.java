package org.probity.federated.economics;

import java.util.Arrays;
import org.probity.tensor.Rng;

/**
 * A payment scheme that moves an initially empty federation to a desired equilibrium, after Hu et al.
 * ("Federated Learning as a Network Effects Game", arXiv 2302.08533), whose abstract promises a
 * cost-efficient scheme for this. The paper's own scheme is not available to us; this is the notes'
 * (§6) reconstruction: from S = ∅, repeatedly subsidise the target member outside S with the smallest
 * gap c_i − p_i − b_i(S ∪ {i}) by exactly that gap, then let best-response dynamics run; stop once the
 * dynamics alone reach the target. Network effects are what make this cheap: each subsidised joiner
 * raises the others' benefits until the rest join unpaid. The target is usually
 * {@link #largestFromFull}: the equilibrium reached by dynamics from everyone joining.
 */
public final class PaymentScheme {
  private PaymentScheme() {}

  /** The scheme's result: the final outcome (its payments are the subsidies), and whether it hit the target. */
  public record Result(Outcome outcome, boolean[] target, boolean reached, int subsidised, double fullCostOfTarget) {
    public Result {
      target = target.clone();
    }

    public double totalPayment() {
      return outcome.totalPayment();
    }

    /** Total payment over Σ_{i∈target} c_i (NaN when the target costs nothing). */
    public double paymentRatio() {
      return fullCostOfTarget > 0 ? totalPayment() / fullCostOfTarget : Double.NaN;
    }
  }

  /**
   * The equilibrium best-response dynamics reach from the full set. With identical client means the
   * benefits only grow with S, so the dynamics only remove clients and end at the largest equilibrium
   * (containing every other); with heterogeneity this is a heuristic target.
   */
  public static Outcome largestFromFull(ParticipationGame game, int maxSweeps, Rng rng) {
    boolean[] all = new boolean[game.clients()];
    Arrays.fill(all, true);
    return BestResponseDynamics.run(game, all, null, maxSweeps, rng);
  }

  /** Runs the scheme from ∅ toward {@code target}; every dynamics phase is capped at {@code maxSweeps}. */
  public static Result reach(ParticipationGame game, boolean[] target, int maxSweeps, Rng rng) {
    game.checkSet(target, "paymentScheme");
    int n = game.clients();
    double[] pay = new double[n];
    boolean[] s = new boolean[n];
    int subsidised = 0;
    Outcome o = BestResponseDynamics.run(game, s, pay, maxSweeps, rng.derive(0));
    // At most one subsidy per target member, so the loop ends after n + 1 dynamics phases.
    for (int step = 1; step <= n + 1; step++) {
      s = o.members();
      if (Arrays.equals(s, target) && o.converged()) {
        return new Result(o, target, true, subsidised, game.totalCost(target));
      }
      int best = -1;
      double bestGap = Double.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        if (target[i] && !s[i]) {
          double gap = game.cost(i) - pay[i] - game.benefit(i, s);
          if (gap < bestGap) {
            bestGap = gap;
            best = i;
          }
        }
      }
      if (best < 0 || !o.converged()) {
        break; // overshot the target (a non-target client joined) or the dynamics did not settle
      }
      pay[best] += Math.max(0.0, bestGap);
      subsidised++;
      s[best] = true;
      o = BestResponseDynamics.run(game, s, pay, maxSweeps, rng.derive(step));
    }
    return new Result(o, target, Arrays.equals(o.members(), target) && o.converged(), subsidised,
        game.totalCost(target));
  }
}
