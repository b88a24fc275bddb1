package org.probity.privacy.accountant.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PrivateSelectionRdpTest {
  @Test
  void isAlphaEpsilonSquaredOverEightPerSelection() {
    // MR-MTL dp_accounting.compute_eps: selection_rdp = orders / 8 * selection_eps**2 * num_selections.
    double[] orders = {1.5, 2, 10, 512};
    double[] r = PrivateSelectionRdp.exponentialMechanism(0.3, 4, orders);
    for (int i = 0; i < orders.length; i++) {
      assertEquals(orders[i] / 8 * 0.09 * 4, r[i], 1e-15);
    }
  }

  @Test
  void badInput() {
    RdpTest.assertMessage("ε must be a finite number > 0, got 0.0",
        () -> PrivateSelectionRdp.exponentialMechanism(0, 1, Rdp.DEFAULT_ORDERS));
    RdpTest.assertMessage("steps must be >= 0, got -1",
        () -> PrivateSelectionRdp.exponentialMechanism(1, -1, Rdp.DEFAULT_ORDERS));
    RdpTest.assertMessage("RDP order α must be > 1, got 0.5",
        () -> PrivateSelectionRdp.exponentialMechanism(1, 1, new double[] {0.5}));
  }
}
