package org.probity.federated.economics;

import java.util.Arrays;

/**
 * The participation game of Hu, Ngo, Zheng, Smith and Wu, "Federated Learning as a Network Effects
 * Game" (arXiv 2302.08533, 2023): each client decides whether to join a federation, and what joining
 * is worth depends on who else joins. The paper's exact benefit function is not available to us, so
 * this is the notes' instantiation (notes-federated-privacy.md §6), built on the mean-estimation error
 * model of MR-MTL (§2): client i with n_i samples of variance σ² around its own mean w_i has local
 * error σ²/n_i; inside a set S the federated estimate w̄_S (the n-weighted mean of the members' means)
 * has error σ²/Σ_{j∈S} n_j + (w_i − w̄_S)². The benefit b_i(S) is the error saved, and joining pays
 * b_i(S ∪ {i}) − c_i + p_i (cost c_i, payment p_i) against 0 for staying out. The heterogeneity term
 * is what can make a larger federation worse for a client; with all w_i equal the benefit only grows
 * with S (pure positive network effects).
 */
public final class ParticipationGame {
  /**
   * Slack in "join iff utility ≥ 0": a payment of exactly the gap c_i − b_i must make the client join
   * even when the subtraction rounds a hair below zero.
   */
  public static final double TOLERANCE = 1e-12;

  private final double sigma2;
  private final double[] samples;
  private final double[] means;
  private final double[] costs;

  /**
   * @param sigma2 per-sample variance σ² (> 0)
   * @param samples n_i, each > 0
   * @param means w_i, each finite
   * @param costs c_i, each ≥ 0 and finite
   */
  public ParticipationGame(double sigma2, double[] samples, double[] means, double[] costs) {
    if (samples == null || means == null || costs == null) {
      throw new IllegalArgumentException("ParticipationGame: samples, means and costs must not be null");
    }
    if (samples.length == 0) {
      throw new IllegalArgumentException("ParticipationGame: the client set is empty (0 clients); a game needs"
          + " at least one client");
    }
    if (means.length != samples.length || costs.length != samples.length) {
      throw new IllegalArgumentException("ParticipationGame: samples, means and costs have lengths "
          + samples.length + ", " + means.length + " and " + costs.length + "; they must be equal (one per client)");
    }
    if (!(sigma2 > 0) || Double.isInfinite(sigma2)) {
      throw new IllegalArgumentException("ParticipationGame: sigma2 must be positive and finite, got " + sigma2);
    }
    for (int i = 0; i < samples.length; i++) {
      if (!(samples[i] > 0) || Double.isInfinite(samples[i])) {
        throw new IllegalArgumentException("ParticipationGame: client " + i + " has sample count " + samples[i]
            + "; it must be positive and finite");
      }
      if (!Double.isFinite(means[i])) {
        throw new IllegalArgumentException("ParticipationGame: client " + i + " has mean " + means[i]
            + "; it must be finite");
      }
      if (!(costs[i] >= 0) || Double.isInfinite(costs[i])) {
        throw new IllegalArgumentException("ParticipationGame: client " + i + " has cost " + costs[i]
            + "; costs must be non-negative and finite");
      }
    }
    this.sigma2 = sigma2;
    this.samples = samples.clone();
    this.means = means.clone();
    this.costs = costs.clone();
  }

  public int clients() {
    return samples.length;
  }

  public double sigma2() {
    return sigma2;
  }

  public double samples(int i) {
    return samples[i];
  }

  public double mean(int i) {
    return means[i];
  }

  public double cost(int i) {
    return costs[i];
  }

  /** Σ_i c_i over the members of {@code set}: what paying every member its full cost would take. */
  public double totalCost(boolean[] set) {
    checkSet(set, "totalCost");
    double t = 0;
    for (int i = 0; i < set.length; i++) {
      if (set[i]) {
        t += costs[i];
      }
    }
    return t;
  }

  /** b_i(S ∪ {i}): the error client i saves by being in the federation {@code set} plus itself. */
  public double benefit(int i, boolean[] set) {
    checkSet(set, "benefit");
    double sumN = 0;
    double sumNW = 0;
    for (int j = 0; j < set.length; j++) {
      if (set[j] || j == i) {
        sumN += samples[j];
        sumNW += samples[j] * means[j];
      }
    }
    return benefitFromSums(i, sumN, sumNW);
  }

  /**
   * b_i from Σ n_j and Σ n_j w_j over a set that already contains i; the dynamics keep these sums so a
   * revision costs O(1) rather than O(n).
   */
  double benefitFromSums(int i, double sumN, double sumNW) {
    double wBar = sumNW / sumN;
    double d = means[i] - wBar;
    return sigma2 / samples[i] - sigma2 / sumN - d * d;
  }

  /** Utility of joining (given the others in {@code set}) with payment p: b_i(S ∪ {i}) − c_i + p. */
  public double joinUtility(int i, boolean[] set, double payment) {
    return benefit(i, set) - costs[i] + payment;
  }

  /** The best response: join iff joining is worth at least staying out (ties join, as the notes' S* conditions). */
  static boolean wantsToJoin(double joinUtility) {
    return joinUtility >= -TOLERANCE;
  }

  void checkSet(boolean[] set, String op) {
    if (set == null || set.length != samples.length) {
      throw new IllegalArgumentException("ParticipationGame." + op + ": set has "
          + (set == null ? "null" : set.length + " entries") + "; the game has " + samples.length + " clients");
    }
  }

  double[] checkPayments(double[] payments, String op) {
    if (payments == null) {
      return new double[samples.length];
    }
    if (payments.length != samples.length) {
      throw new IllegalArgumentException("ParticipationGame." + op + ": " + payments.length
          + " payments for " + samples.length + " clients");
    }
    for (int i = 0; i < payments.length; i++) {
      if (!(payments[i] >= 0) || Double.isInfinite(payments[i])) {
        throw new IllegalArgumentException("ParticipationGame." + op + ": payment to client " + i + " is "
            + payments[i] + "; payments must be non-negative and finite");
      }
    }
    return payments;
  }

  @Override
  public String toString() {
    return "ParticipationGame[clients=" + samples.length + ", sigma2=" + sigma2 + ", costs="
        + Arrays.toString(costs) + "]";
  }
}
