package org.probity.federated;

/**
 * A strategy decorator that makes another strategy differentially private and accounts for it
 * (DESIGN §6: "DP is a decorator around any strategy"): {@link SiloPrivacy} for silo-level sample
 * DP, {@link DpFixedClipping} for client-level DP-FedAvg. Runners use it to find the base strategy
 * (for what it chose) and to record ε round by round.
 */
public interface PrivateStrategy {
  /** The wrapped strategy. */
  Strategy inner();

  /** "sample" (each example of each silo) or "client" (each client's whole data). */
  String level();

  /** δ of every reported ε. */
  double delta();

  /**
   * ε spent so far: for sample-level DP the largest over the silos that have reported, for
   * client-level DP the server's accountant; +∞ after releases without noise (σ = 0).
   */
  double epsilon();

  /** The base strategy of {@code s}: {@code s} itself unless it is a private decorator. */
  static Strategy base(Strategy s) {
    Strategy b = s;
    while (b instanceof PrivateStrategy p) {
      b = p.inner();
    }
    return b;
  }
}
