package org.probity.privacy.accountant.analysis;

import org.probity.privacy.accountant.PrivacyChecks;

/**
 * RDP of private selection by the exponential mechanism. An ε-DP exponential mechanism has
 * ε-bounded range, hence is (ε²/8)-zCDP and (α, α·ε²/8)-RDP at every order (Cesar and Rogers 2021;
 * see differentialprivacy.org/exponential-mechanism-bounded-range), which is how MR-MTL's
 * {@code dp_accounting.compute_eps} charges a private hyper-parameter choice: the curve is added to
 * the training's RDP before converting to (ε, δ). Pure math, no state.
 */
public final class PrivateSelectionRdp {
  private PrivateSelectionRdp() {}

  /** α·ε²/8 per selection, times {@code selections}, at each order. */
  public static double[] exponentialMechanism(double epsilon, long selections, double[] orders) {
    PrivacyChecks.epsilon("PrivateSelectionRdp.exponentialMechanism", epsilon);
    PrivacyChecks.steps("PrivateSelectionRdp.exponentialMechanism", selections);
    double[] rdp = new double[orders.length];
    double perOrder = epsilon * epsilon / 8 * selections;
    for (int i = 0; i < orders.length; i++) {
      Rdp.checkOrder("PrivateSelectionRdp.exponentialMechanism", orders[i]);
      rdp[i] = orders[i] * perOrder;
    }
    return rdp;
  }
}
