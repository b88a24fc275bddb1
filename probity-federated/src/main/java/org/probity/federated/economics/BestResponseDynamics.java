package org.probity.federated.economics;

import org.probity.tensor.Rng;

/**
 * Best-response dynamics for the participation game of Hu et al. ("Federated Learning as a Network
 * Effects Game", arXiv 2302.08533), whose claim is that a population settles into an equilibrium
 * without intervention. As in the notes (§6), clients revise one at a time: each sweep visits every
 * client once in a fresh random order, and a client joins iff b_i(S ∪ {i}) − c_i + p_i ≥ 0 given the
 * current others. A sweep with no switch means no client wants to deviate, i.e. a pure Nash
 * equilibrium. The sweep count is capped because, with heterogeneous clients, the game need not be a
 * potential game and dynamics could cycle.
 */
public final class BestResponseDynamics {
  private BestResponseDynamics() {}

  /**
   * Runs from {@code start} (not modified) with fixed {@code payments} (null = none) for at most
   * {@code maxSweeps} sweeps; the random visiting orders come from {@code rng}.
   */
  public static Outcome run(ParticipationGame game, boolean[] start, double[] payments, int maxSweeps, Rng rng) {
    game.checkSet(start, "dynamics");
    double[] p = game.checkPayments(payments, "dynamics");
    if (maxSweeps < 1) {
      throw new IllegalArgumentException("BestResponseDynamics.run: maxSweeps must be >= 1, got " + maxSweeps);
    }
    int n = game.clients();
    boolean[] s = start.clone();
    int switches = 0;
    int sweeps = 0;
    boolean converged = false;
    while (sweeps < maxSweeps) {
      sweeps++;
      // Recomputed every sweep so incremental updates cannot drift.
      double sumN = 0;
      double sumNW = 0;
      for (int j = 0; j < n; j++) {
        if (s[j]) {
          sumN += game.samples(j);
          sumNW += game.samples(j) * game.mean(j);
        }
      }
      boolean changed = false;
      for (int i : rng.permutation(n)) {
        double ni = game.samples(i);
        double nw = ni * game.mean(i);
        double withN = s[i] ? sumN : sumN + ni;
        double withNW = s[i] ? sumNW : sumNW + nw;
        boolean join = ParticipationGame.wantsToJoin(game.benefitFromSums(i, withN, withNW) - game.cost(i) + p[i]);
        if (join != s[i]) {
          s[i] = join;
          sumN = join ? sumN + ni : sumN - ni;
          sumNW = join ? sumNW + nw : sumNW - nw;
          changed = true;
          switches++;
        }
      }
      if (!changed) {
        converged = true;
        break;
      }
    }
    return new Outcome(s, utilities(game, s, p), p, sweeps, switches, converged);
  }

  /** Each client's utility at {@code set}: b_i(S) − c_i + p_i for members, 0 for the others. */
  public static double[] utilities(ParticipationGame game, boolean[] set, double[] payments) {
    double[] p = game.checkPayments(payments, "utilities");
    double[] u = new double[game.clients()];
    for (int i = 0; i < u.length; i++) {
      u[i] = set[i] ? game.joinUtility(i, set, p[i]) : 0.0;
    }
    return u;
  }
}
