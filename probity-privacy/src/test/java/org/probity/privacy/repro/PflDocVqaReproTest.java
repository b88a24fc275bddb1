package org.probity.privacy.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;

class PflDocVqaReproTest {
  @Test
  void quickModeReproducesTheOfficialValues() {
    ReproResult r = new PflDocVqaRepro().run(Mode.QUICK, 1);
    assertEquals(3, r.claims().size());
    for (ClaimResult c : r.claims()) {
      assertTrue(c.pass(), c.claim().id() + ": " + c.measured());
    }
    ClaimResult official = r.claims().get(0);
    assertEquals(1.0057, official.measured().get("sigma_1.145.epsilon"), 1e-3);
    assertEquals(3.9959, official.measured().get("sigma_0.637.epsilon"), 1e-3);
    assertEquals(8.0039, official.measured().get("sigma_0.468.epsilon"), 1e-3);
  }

  @Test
  void fullModeUsesTheFinerGrid() {
    ClaimResult quick = PflDocVqaRepro.grid(0.05);
    ClaimResult full = PflDocVqaRepro.grid(0.01);
    assertTrue(full.measured().get("fine_grid_orders") > quick.measured().get("fine_grid_orders"));
    assertTrue(full.pass(), full.measured().toString());
    // A finer grid can only lower ε (it contains the default grid).
    assertTrue(full.measured().get("max_epsilon_decrease") >= 0);
  }

  @Test
  void fineGridHitsIntegersExactly() {
    double[] o = PflDocVqaRepro.fineOrders(0.01);
    assertEquals(2.0, o[99]);
    assertEquals(1.01, o[0]);
  }

  @Test
  void registeredForProbityRepro() {
    boolean found = false;
    for (Repro r : ServiceLoader.load(Repro.class)) {
      found |= r.id().equals("pfl-docvqa");
    }
    assertTrue(found, "pfl-docvqa is not in META-INF/services/org.probity.core.repro.Repro");
  }
}
