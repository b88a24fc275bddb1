package org.probity.privacy.accountant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.probity.privacy.accountant.analysis.PrivateSelectionRdp;
import org.probity.privacy.accountant.analysis.Rdp;

class RdpAccountantTest {
  @Test
  void stepsOneAtATimeEqualStepsAllAtOnce() {
    RdpAccountant one = new RdpAccountant();
    for (int i = 0; i < 5; i++) {
      one.step(1.145, 0.025, 1);
    }
    RdpAccountant all = new RdpAccountant();
    all.step(1.145, 0.025, 5);
    assertEquals(all.epsilon(1e-5), one.epsilon(1e-5), 1e-12);
    // The PFL-DocVQA official value (notes §0.1), through the accountant rather than Rdp.
    PrivacySpent spent = one.spent(1e-5);
    assertEquals(1.0057, spent.epsilon(), 1e-3);
    assertEquals(1e-5, spent.delta());
    assertTrue(spent.order() > 1);
    assertEquals(List.of(new MechanismStep(1.145, 0.025, 5)), one.history());
    assertEquals("rdp", one.name());
  }

  @Test
  void heterogeneousStepsComposeByAddingCurves() {
    RdpAccountant acc = new RdpAccountant();
    acc.step(1.0, 0.01, 100);
    acc.step(0.8, 0.02, 50);
    acc.step(1.0, 0.01, 10);
    double[] orders = Rdp.DEFAULT_ORDERS;
    double[] a = Rdp.sampledGaussian(0.01, 1.0, 110, orders);
    double[] b = Rdp.sampledGaussian(0.02, 0.8, 50, orders);
    double[] sum = new double[orders.length];
    for (int i = 0; i < sum.length; i++) {
      sum[i] = a[i] + b[i];
    }
    assertArrayEquals(sum, acc.rdp(), 1e-9);
    assertEquals(Rdp.toEpsilon(orders, sum, 1e-5).epsilon(), acc.epsilon(1e-5), 1e-9);
    assertEquals(List.of(new MechanismStep(1.0, 0.01, 100), new MechanismStep(0.8, 0.02, 50),
        new MechanismStep(1.0, 0.01, 10)), acc.history());
  }

  @Test
  void composedSelectionCostsPrivacy() {
    RdpAccountant acc = new RdpAccountant();
    acc.step(1.0, 0.01, 1000);
    double before = acc.epsilon(1e-5);
    acc.compose(PrivateSelectionRdp.exponentialMechanism(0.1, 3, acc.orders()));
    double after = acc.epsilon(1e-5);
    assertTrue(after > before, before + " -> " + after);
    assertEquals(1, acc.composedCurves());
    assertEquals(1, acc.history().size()); // selection is not a subsampled-Gaussian step
    Messages.assertMessage("the curve has 2 values but the accountant has",
        () -> acc.compose(new double[] {1, 2}));
  }

  @Test
  void copyIsIndependent() {
    RdpAccountant acc = new RdpAccountant(new double[] {2, 4, 8, 16, 32});
    acc.step(1.2, 0.1, 10);
    Accountant copy = acc.copy();
    copy.step(1.2, 0.1, 10);
    assertNotEquals(acc.epsilon(1e-5), copy.epsilon(1e-5));
    assertEquals(10, acc.history().get(0).steps());
    assertEquals(20, copy.history().get(0).steps());
    assertArrayEquals(new double[] {2, 4, 8, 16, 32}, acc.orders());
  }

  @Test
  void nothingSpentBeforeTheFirstStep() {
    RdpAccountant acc = new RdpAccountant();
    assertEquals(0.0, acc.epsilon(1e-5));
    acc.step(1.0, 0.1, 0);
    assertEquals(0.0, acc.epsilon(1e-5));
    assertTrue(acc.history().isEmpty());
  }

  @Test
  void historyCannotBeChangedFromOutside() {
    RdpAccountant acc = new RdpAccountant();
    acc.step(1.0, 0.1, 1);
    assertThrows(UnsupportedOperationException.class, () -> acc.history().clear());
  }

  @Test
  void badInputIsNamed() {
    RdpAccountant acc = new RdpAccountant();
    Messages.assertMessage("RdpAccountant.step: noise multiplier σ must be a finite number > 0, got 0.0",
        () -> acc.step(0, 0.1, 1));
    Messages.assertMessage("RdpAccountant.step: sample rate q must be in (0, 1], got 1.01", () -> acc.step(1, 1.01, 1));
    Messages.assertMessage("RdpAccountant.step: sample rate q must be in (0, 1], got -0.1", () -> acc.step(1, -0.1, 1));
    Messages.assertMessage("RdpAccountant.step: steps must be >= 0, got -1", () -> acc.step(1, 0.1, -1));
    Messages.assertMessage("δ must be in (0, 1), got 1.0", () -> acc.spent(1.0));
    Messages.assertMessage("RDP orders must be > 1, got 1.0", () -> new RdpAccountant(new double[] {1, 2}));
    Messages.assertMessage("the order grid is empty", () -> new RdpAccountant(new double[0]));
  }

}
