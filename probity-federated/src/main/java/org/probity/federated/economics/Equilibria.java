package org.probity.federated.economics;

import java.util.ArrayList;
import java.util.List;

/**
 * Equilibrium checks for the participation game of Hu et al. ("Federated Learning as a Network
 * Effects Game", arXiv 2302.08533). A set S is a pure Nash equilibrium when no client wants to switch:
 * every member has b_i(S) − c_i + p_i ≥ 0 and every non-member has b_i(S ∪ {i}) − c_i + p_i < 0 (the
 * notes' §6 conditions). Each check recomputes benefits from scratch, independent of the dynamics'
 * running sums. Enumeration over all 2^n sets is offered for small n, to find every equilibrium.
 */
public final class Equilibria {
  /** Enumeration beyond this many clients (2^20 sets × n² work) is refused rather than run for hours. */
  public static final int MAX_ENUMERATION_CLIENTS = 20;

  private Equilibria() {}

  /** The clients who would switch at {@code set} under {@code payments} (null = none); empty iff Nash. */
  public static List<Integer> deviators(ParticipationGame game, boolean[] set, double[] payments) {
    game.checkSet(set, "deviators");
    double[] p = game.checkPayments(payments, "deviators");
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < set.length; i++) {
      if (ParticipationGame.wantsToJoin(game.joinUtility(i, set, p[i])) != set[i]) {
        out.add(i);
      }
    }
    return out;
  }

  public static boolean isNash(ParticipationGame game, boolean[] set, double[] payments) {
    return deviators(game, set, payments).isEmpty();
  }

  /** Every pure Nash equilibrium without payments, as bit masks (bit i = client i joins), by brute force. */
  public static List<Long> enumerate(ParticipationGame game) {
    int n = game.clients();
    if (n > MAX_ENUMERATION_CLIENTS) {
      throw new IllegalArgumentException("Equilibria.enumerate: " + n + " clients means 2^" + n
          + " sets; at most " + MAX_ENUMERATION_CLIENTS + " clients can be enumerated");
    }
    List<Long> out = new ArrayList<>();
    boolean[] s = new boolean[n];
    for (long mask = 0; mask < (1L << n); mask++) {
      for (int i = 0; i < n; i++) {
        s[i] = ((mask >>> i) & 1L) != 0;
      }
      if (isNash(game, s, null)) {
        out.add(mask);
      }
    }
    return out;
  }

  public static long mask(boolean[] set) {
    long m = 0;
    for (int i = 0; i < set.length; i++) {
      if (set[i]) {
        m |= 1L << i;
      }
    }
    return m;
  }
}
