package org.probity.federated.repro;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.probity.core.repro.Claim;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.probity.federated.economics.BestResponseDynamics;
import org.probity.federated.economics.Equilibria;
import org.probity.federated.economics.Outcome;
import org.probity.federated.economics.ParticipationGame;
import org.probity.federated.economics.PaymentScheme;
import org.probity.federated.economics.Population;
import org.probity.tensor.Rng;

/**
 * The small-scale reproduction of Hu, Ngo, Zheng, Smith and Wu, "Federated Learning as a Network
 * Effects Game" (arXiv 2302.08533, 2023): clients' participation dynamics converge to an equilibrium
 * without intervention, and a cost-efficient payment scheme brings an initially empty federation to a
 * desired equilibrium. It uses the notes' (§6) instantiation of the game (mean-estimation benefit,
 * uniform costs; the paper's own benefit function and scheme are unverified) and the notes' pass
 * criteria: convergence within N sweeps from 200 random starts, an empty network that stays empty
 * unpaid, and the scheme reaching the largest equilibrium for at most half of its members' full cost.
 * The population parameters (N = 50, median 100 samples with log-std 1, τ = 0.03, c ~ U(0, 0.01),
 * σ² = 1) were fixed before measuring; every seed derives from the run seed.
 */
public final class NetworkEffectsRepro implements Repro {
  static final Population POPULATION = new Population(50, 100, 1.0, 0.03, 0.01, 1.0);
  /** Small games for brute force over all 2^12 sets; τ = 0 makes benefits grow with S. */
  static final Population SMALL_HOMOGENEOUS = new Population(12, 100, 1.0, 0.0, 0.01, 1.0);
  static final Population SMALL_HETEROGENEOUS = new Population(12, 100, 1.0, 0.03, 0.01, 1.0);
  static final int STARTS = 200;
  static final double PAYMENT_RATIO_BOUND = 0.5;

  static final Claim CONVERGES = new Claim("network-effects-dynamics-converge",
      "Without intervention, best-response dynamics (one client at a time, random order) started from each of 200"
          + " random join sets (each client in with probability 1/2) stop within N = 50 sweeps at a set where no"
          + " client wants to switch (members b_i(S) >= c_i, non-members b_i(S+i) < c_i, checked client by client)."
          + " QUICK: 1 game; FULL: 10 games.");
  static final Claim EMPTY_STAYS_EMPTY = new Claim("network-effects-empty-stays-empty",
      "From the empty network, with c_i > b_i({i}) for every client, nobody joins without payments (the empty"
          + " set is an equilibrium), in every game.");
  static final Claim PAYMENT_EFFICIENT = new Claim("network-effects-payment-scheme",
      "From the empty network, the payment scheme (subsidise the target member with the smallest gap by exactly"
          + " that gap, then let dynamics run) reaches the largest equilibrium (reached by dynamics from the full"
          + " set) in every game, with total payment <= 50% of the sum of the target members' costs.");
  static final Claim STRUCTURE = new Claim("network-effects-equilibrium-structure",
      "Existence and structure, by brute force over all 2^12 join sets of 12-client games: every game has a pure"
          + " Nash equilibrium, the endpoint of dynamics from random starts is one of them, and with identical"
          + " client means (pure positive network effects) the equilibrium reached from the full set contains every"
          + " equilibrium. QUICK: 10 games per population; FULL: 50.");

  @Override
  public String id() {
    return "network-effects";
  }

  @Override
  public String paper() {
    return "Hu, Ngo, Zheng, Smith, Wu. Federated Learning as a Network Effects Game. arXiv 2302.08533 (2023)";
  }

  @Override
  public List<Claim> claims() {
    return List.of(CONVERGES, EMPTY_STAYS_EMPTY, PAYMENT_EFFICIENT, STRUCTURE);
  }

  @Override
  public ReproResult run(Mode mode, long seed) {
    int games = mode == Mode.FULL ? 10 : 1;
    int smallGames = mode == Mode.FULL ? 50 : 10;
    Rng root = new Rng(seed).derive("network-effects");
    int n = POPULATION.clients();

    int runs = 0;
    int converged = 0;
    int nash = 0;
    int maxSweeps = 0;
    double meanSweeps = 0;
    double meanJoin = 0;
    int emptyOk = 0;
    int preconditionOk = 0;
    int reached = 0;
    double meanRatio = 0;
    double maxRatio = 0;
    int sumTarget = 0;
    int sumSubsidised = 0;
    double meanPaid = 0;
    double meanFull = 0;
    for (int g = 0; g < games; g++) {
      Rng gr = root.derive("game").derive(g);
      ParticipationGame game = POPULATION.sample(gr.derive("population"));
      Rng starts = gr.derive("starts");
      for (int r = 0; r < STARTS; r++) {
        boolean[] start = new boolean[n];
        for (int i = 0; i < n; i++) {
          start[i] = starts.nextDouble() < 0.5;
        }
        Outcome o = BestResponseDynamics.run(game, start, null, n, gr.derive("dynamics").derive(r));
        runs++;
        converged += o.converged() ? 1 : 0;
        nash += Equilibria.isNash(game, o.members(), null) ? 1 : 0;
        maxSweeps = Math.max(maxSweeps, o.sweeps());
        meanSweeps += o.sweeps();
        meanJoin += o.participants();
      }
      boolean precondition = true;
      boolean[] empty = new boolean[n];
      for (int i = 0; i < n; i++) {
        precondition &= game.cost(i) > game.benefit(i, empty);
      }
      preconditionOk += precondition ? 1 : 0;
      Outcome fromEmpty = BestResponseDynamics.run(game, empty, null, n, gr.derive("empty"));
      emptyOk += fromEmpty.converged() && fromEmpty.participants() == 0 ? 1 : 0;

      Outcome target = PaymentScheme.largestFromFull(game, n, gr.derive("target"));
      PaymentScheme.Result pay = PaymentScheme.reach(game, target.members(), n, gr.derive("pay"));
      boolean ok = target.converged() && pay.reached();
      reached += ok ? 1 : 0;
      double ratio = pay.paymentRatio();
      meanRatio += ratio / games;
      maxRatio = Math.max(maxRatio, Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio);
      sumTarget += target.participants();
      sumSubsidised += pay.subsidised();
      meanPaid += pay.totalPayment() / games;
      meanFull += pay.fullCostOfTarget() / games;
    }
    double meanTarget = sumTarget / (double) games;
    double meanSubsidised = sumSubsidised / (double) games;
    String scale = " (" + games + " game(s) of " + POPULATION + ", seed " + seed + ")";

    Map<String, Double> m1 = new LinkedHashMap<>();
    m1.put("runs", (double) runs);
    m1.put("converged_within_N_sweeps", (double) converged);
    m1.put("endpoint_is_nash", (double) nash);
    m1.put("mean_sweeps", meanSweeps / runs);
    m1.put("max_sweeps", (double) maxSweeps);
    m1.put("mean_participants", meanJoin / runs);
    ClaimResult c1 = new ClaimResult(CONVERGES, m1, converged == runs && nash == runs,
        "sweep cap N = " + n + "; a sweep with no switch ends a run" + scale);

    Map<String, Double> m2 = new LinkedHashMap<>();
    m2.put("games", (double) games);
    m2.put("games_with_all_costs_above_solo_benefit", (double) preconditionOk);
    m2.put("games_where_nobody_joins_unpaid", (double) emptyOk);
    m2.put("participants_with_payments_mean", meanTarget);
    ClaimResult c2 = new ClaimResult(EMPTY_STAYS_EMPTY, m2, preconditionOk == games && emptyOk == games,
        "b_i({i}) = 0 in this model, so any positive cost keeps a lone client out" + scale);

    Map<String, Double> m3 = new LinkedHashMap<>();
    m3.put("games", (double) games);
    m3.put("games_target_reached", (double) reached);
    m3.put("target_participants_mean", meanTarget);
    m3.put("subsidised_clients_mean", meanSubsidised);
    m3.put("total_payment_mean", meanPaid);
    m3.put("full_cost_of_target_mean", meanFull);
    m3.put("payment_ratio_mean", meanRatio);
    m3.put("payment_ratio_max", maxRatio);
    ClaimResult c3 = new ClaimResult(PAYMENT_EFFICIENT, m3, reached == games && maxRatio <= PAYMENT_RATIO_BOUND,
        "ratio = total payment / sum of target members' costs; bound " + PAYMENT_RATIO_BOUND + scale);

    return new ReproResult(id(), paper(), mode, seed, List.of(c1, c2, c3, structure(root, smallGames)));
  }

  private static ClaimResult structure(Rng root, int games) {
    int withNash = 0;
    int endpointsListed = 0;
    int endpoints = 0;
    int largestOk = 0;
    int hetLargest = 0;
    int sumEq = 0;
    for (int p = 0; p < 2; p++) {
      Population pop = p == 0 ? SMALL_HOMOGENEOUS : SMALL_HETEROGENEOUS;
      int n = pop.clients();
      for (int g = 0; g < games; g++) {
        Rng gr = root.derive(p == 0 ? "small-homogeneous" : "small-heterogeneous").derive(g);
        ParticipationGame game = pop.sample(gr.derive("population"));
        List<Long> eq = Equilibria.enumerate(game);
        withNash += eq.isEmpty() ? 0 : 1;
        sumEq += eq.size();
        Rng starts = gr.derive("starts");
        for (int r = 0; r < 20; r++) {
          boolean[] start = new boolean[n];
          for (int i = 0; i < n; i++) {
            start[i] = starts.nextDouble() < 0.5;
          }
          Outcome o = BestResponseDynamics.run(game, start, null, n, gr.derive("dynamics").derive(r));
          endpoints++;
          endpointsListed += o.converged() && eq.contains(Equilibria.mask(o.members())) ? 1 : 0;
        }
        Outcome top = PaymentScheme.largestFromFull(game, n, gr.derive("target"));
        long topMask = Equilibria.mask(top.members());
        boolean containsAll = top.converged() && eq.contains(topMask);
        for (long e : eq) {
          containsAll &= (e & ~topMask) == 0;
        }
        if (p == 0) {
          largestOk += containsAll ? 1 : 0;
        } else {
          hetLargest += containsAll ? 1 : 0;
        }
      }
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("games", 2.0 * games);
    m.put("games_with_pure_nash", (double) withNash);
    m.put("equilibria_per_game_mean", sumEq / (2.0 * games));
    m.put("dynamics_endpoints", (double) endpoints);
    m.put("endpoints_among_enumerated_equilibria", (double) endpointsListed);
    m.put("homogeneous_games_full_set_endpoint_is_largest", (double) largestOk);
    m.put("heterogeneous_games_full_set_endpoint_is_largest", (double) hetLargest);
    boolean pass = withNash == 2 * games && endpointsListed == endpoints && largestOk == games;
    return new ClaimResult(STRUCTURE, m, pass, games + " homogeneous (tau = 0) and " + games
        + " heterogeneous (tau = 0.03) 12-client games; 20 random starts each; the heterogeneous 'largest' count"
        + " is reported, not claimed");
  }
}
