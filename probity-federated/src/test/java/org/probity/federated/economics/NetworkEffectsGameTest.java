package org.probity.federated.economics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

/**
 * The network-effects participation game (Hu et al., arXiv 2302.08533): equilibria agree with an
 * independent brute force over all 2^n join sets (benefit recomputed here from the notes' formula),
 * dynamics end at one of them or say they hit the cap, the payment scheme reaches its target, and bad
 * input fails with messages that name the problem.
 */
class NetworkEffectsGameTest {
  private static final Population HOMOGENEOUS = new Population(8, 100, 1.0, 0.0, 0.01, 1.0);
  private static final Population HETEROGENEOUS = new Population(8, 100, 1.0, 0.05, 0.01, 1.0);

  /** The notes' benefit, written independently: σ²/n_i − σ²/Σn − (w_i − w̄)², over mask ∪ {i}. */
  private static double naiveBenefit(ParticipationGame g, int i, long mask) {
    double total = 0;
    double weighted = 0;
    for (int j = 0; j < g.clients(); j++) {
      if (j == i || ((mask >>> j) & 1L) != 0) {
        total += g.samples(j);
        weighted += g.samples(j) * g.mean(j);
      }
    }
    double wBar = weighted / total;
    return g.sigma2() / g.samples(i) - g.sigma2() / total - Math.pow(g.mean(i) - wBar, 2);
  }

  private static List<Long> bruteForce(ParticipationGame g, double[] pay) {
    List<Long> out = new ArrayList<>();
    int n = g.clients();
    for (long mask = 0; mask < (1L << n); mask++) {
      boolean stable = true;
      for (int i = 0; i < n && stable; i++) {
        double u = naiveBenefit(g, i, mask) - g.cost(i) + pay[i];
        boolean in = ((mask >>> i) & 1L) != 0;
        stable = in ? u >= 0 : u < 0;
      }
      if (stable) {
        out.add(mask);
      }
    }
    return out;
  }

  private static boolean[] set(long mask, int n) {
    boolean[] s = new boolean[n];
    for (int i = 0; i < n; i++) {
      s[i] = ((mask >>> i) & 1L) != 0;
    }
    return s;
  }

  @Test
  void equilibriaMatchBruteForceOverAllJoinSets() {
    int totalEquilibria = 0;
    for (int g = 0; g < 12; g++) {
      Population pop = g % 2 == 0 ? HOMOGENEOUS : HETEROGENEOUS;
      ParticipationGame game = pop.sample(new Rng(7).derive(g));
      List<Long> expected = bruteForce(game, new double[game.clients()]);
      assertEquals(expected, Equilibria.enumerate(game), "game " + g);
      assertFalse(expected.isEmpty(), "the empty set is always an equilibrium here (b_i({i}) = 0 < c_i)");
      assertTrue(expected.contains(0L));
      totalEquilibria += expected.size();
      // With payments: check isNash set by set.
      double[] pay = new double[game.clients()];
      Rng pr = new Rng(11).derive(g);
      for (int i = 0; i < pay.length; i++) {
        pay[i] = 0.01 * pr.nextDouble();
      }
      List<Long> paid = bruteForce(game, pay);
      for (long mask = 0; mask < (1L << game.clients()); mask++) {
        assertEquals(paid.contains(mask), Equilibria.isNash(game, set(mask, game.clients()), pay),
            "game " + g + " mask " + mask);
      }
    }
    assertTrue(totalEquilibria > 12, "some game should have a non-empty equilibrium, got " + totalEquilibria);
  }

  @Test
  void dynamicsTerminateAtAnEnumeratedEquilibrium() {
    for (int g = 0; g < 10; g++) {
      Population pop = g % 2 == 0 ? HOMOGENEOUS : HETEROGENEOUS;
      ParticipationGame game = pop.sample(new Rng(3).derive(g));
      List<Long> eq = bruteForce(game, new double[game.clients()]);
      Rng starts = new Rng(5).derive(g);
      for (int r = 0; r < 30; r++) {
        long start = starts.nextLong() & ((1L << game.clients()) - 1);
        Outcome o = BestResponseDynamics.run(game, set(start, game.clients()), null, 100, starts.derive(r));
        assertTrue(o.converged(), "game " + g + " start " + start);
        assertTrue(o.sweeps() <= 100);
        assertTrue(eq.contains(Equilibria.mask(o.members())), "endpoint " + Equilibria.mask(o.members()));
        for (int i = 0; i < game.clients(); i++) {
          double expected = o.members()[i] ? naiveBenefit(game, i, Equilibria.mask(o.members())) - game.cost(i) : 0;
          assertEquals(expected, o.utilities()[i], 1e-12);
          assertTrue(o.utilities()[i] >= 0, "members of an equilibrium gain from joining");
        }
      }
    }
  }

  @Test
  void dynamicsStopAtTheCapAndSaySo() {
    ParticipationGame game = new ParticipationGame(1.0, new double[] {10, 10, 1000}, new double[] {0, 0, 0},
        new double[] {0.001, 0.001, 0.5});
    boolean[] all = {true, true, true};
    Outcome capped = BestResponseDynamics.run(game, all, null, 1, new Rng(1));
    assertFalse(capped.converged(), "client 2 leaves in sweep 1, so one sweep cannot confirm an equilibrium");
    assertEquals(1, capped.sweeps());
    Outcome done = BestResponseDynamics.run(game, all, null, 10, new Rng(1));
    assertTrue(done.converged());
    assertArrayEquals(new boolean[] {true, true, false}, done.members());
    assertEquals(2, done.sweeps());
  }

  @Test
  void fullSetDynamicsFindTheLargestEquilibriumWithoutHeterogeneity() {
    for (int g = 0; g < 10; g++) {
      ParticipationGame game = HOMOGENEOUS.sample(new Rng(9).derive(g));
      List<Long> eq = bruteForce(game, new double[game.clients()]);
      long top = Equilibria.mask(PaymentScheme.largestFromFull(game, 100, new Rng(2).derive(g)).members());
      assertTrue(eq.contains(top));
      for (long e : eq) {
        assertEquals(0L, e & ~top, "equilibrium " + e + " is not inside the largest " + top);
      }
    }
  }

  @Test
  void paymentSchemeReachesTheTargetFromEmpty() {
    int nonEmpty = 0;
    for (int g = 0; g < 10; g++) {
      ParticipationGame game = HOMOGENEOUS.sample(new Rng(13).derive(g));
      boolean[] empty = new boolean[game.clients()];
      assertEquals(0, BestResponseDynamics.run(game, empty, null, 100, new Rng(1)).participants());
      Outcome target = PaymentScheme.largestFromFull(game, 100, new Rng(4));
      PaymentScheme.Result r = PaymentScheme.reach(game, target.members(), 100, new Rng(6).derive(g));
      assertTrue(r.reached(), "game " + g);
      assertArrayEquals(target.members(), r.outcome().members());
      double[] pay = r.outcome().payments();
      assertTrue(Equilibria.isNash(game, target.members(), pay), "the target is stable under the payments");
      double sum = 0;
      for (int i = 0; i < pay.length; i++) {
        assertTrue(pay[i] >= 0);
        assertTrue(pay[i] == 0 || target.members()[i], "only target members are paid");
        sum += pay[i];
      }
      assertEquals(sum, r.totalPayment(), 1e-15);
      assertTrue(r.totalPayment() <= game.totalCost(target.members()) + 1e-15,
          "never more than paying full costs");
      nonEmpty += target.participants() > 0 ? 1 : 0;
      assertEquals(target.participants() > 0 ? 1 : 0, Math.min(1, r.subsidised()),
          "a non-empty target needs at least one subsidy; an empty one none");
    }
    assertTrue(nonEmpty > 0);
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ParticipationGame(1.0, new double[] {10, 20}, new double[] {0, 0}, new double[] {0.1, -0.2}));
    assertTrue(e.getMessage().contains("client 1") && e.getMessage().contains("-0.2")
        && e.getMessage().contains("non-negative"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ParticipationGame(1.0, new double[0], new double[0], new double[0]));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Population(0, 100, 1, 0, 0.01, 1));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ParticipationGame(1.0, new double[] {10, 20}, new double[] {0}, new double[] {0.1, 0.2}));
    assertTrue(e.getMessage().contains("lengths 2, 1 and 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ParticipationGame(1.0, new double[] {0}, new double[] {0}, new double[] {0.1}));
    assertTrue(e.getMessage().contains("sample count"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ParticipationGame(1.0, new double[] {1}, new double[] {0}, new double[] {Double.NaN}));
    assertTrue(e.getMessage().contains("cost NaN"), e.getMessage());
    ParticipationGame game = new ParticipationGame(1.0, new double[] {10, 20}, new double[] {0, 0},
        new double[] {0.1, 0.2});
    e = assertThrows(IllegalArgumentException.class,
        () -> BestResponseDynamics.run(game, new boolean[2], new double[] {0, -1}, 5, new Rng(1)));
    assertTrue(e.getMessage().contains("payment to client 1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BestResponseDynamics.run(game, new boolean[3], null, 5, new Rng(1)));
    assertTrue(e.getMessage().contains("3 entries") && e.getMessage().contains("2 clients"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> BestResponseDynamics.run(game, new boolean[2], null, 0, new Rng(1)));
    assertTrue(e.getMessage().contains("maxSweeps"), e.getMessage());
    ParticipationGame big = new Population(21, 100, 1, 0, 0.01, 1).sample(new Rng(1));
    e = assertThrows(IllegalArgumentException.class, () -> Equilibria.enumerate(big));
    assertTrue(e.getMessage().contains("21 clients"), e.getMessage());
  }
}
