package org.probity.federated.economics;

/**
 * Where a run of the participation game (Hu et al., "Federated Learning as a Network Effects Game")
 * ended: who joined, each client's utility there (b_i − c_i + p_i for members, 0 for the others), the
 * payments in force, how many sweeps best-response dynamics took, and whether they stopped by
 * themselves within the cap (the dynamics are not guaranteed to settle when heterogeneity makes some
 * partners unwelcome, so a run is always capped and says whether it hit the cap).
 */
public record Outcome(boolean[] members, double[] utilities, double[] payments, int sweeps, int switches,
    boolean converged) {
  public Outcome {
    members = members.clone();
    utilities = utilities.clone();
    payments = payments.clone();
  }

  /** How many clients joined. */
  public int participants() {
    int k = 0;
    for (boolean m : members) {
      k += m ? 1 : 0;
    }
    return k;
  }

  /** Σ p_i. */
  public double totalPayment() {
    double t = 0;
    for (double p : payments) {
      t += p;
    }
    return t;
  }
}
