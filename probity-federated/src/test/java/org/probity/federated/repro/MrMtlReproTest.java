package org.probity.federated.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;

/**
 * The mrmtl reproduction: registration, structure, finite numbers, verdicts consistent with the
 * numbers, and the three theory claims, which are calibrated (notes §2 (a)) and must hold. The silo
 * claims are checked for consistency only: measured at QUICK seed 1, MR-MTL did not beat Local at
 * ε=1 (a tie within 2e-4) nor at ε=0.5, while the chosen λ did grow (0.01, 0.1, 1).
 */
class MrMtlReproTest {
  @Test
  void registeredAsAService() {
    boolean found = false;
    for (Repro r : ServiceLoader.load(Repro.class)) {
      found |= r.id().equals("mrmtl") && r instanceof MrMtlRepro;
    }
    assertTrue(found, "mrmtl must be registered in META-INF/services");
    assertEquals(5, new MrMtlRepro().claims().size());
  }

  @Test
  void quickRunAtSeedOne() {
    long start = System.nanoTime();
    ReproResult r = new MrMtlRepro().run(Mode.QUICK, 1);
    System.out.printf("mrmtl QUICK seed 1 took %.1f s%n", (System.nanoTime() - start) / 1e9);
    checkStructure(r, Mode.QUICK);
  }

  @Test
  @Tag("slow")
  void fullRunAtSeedOne() {
    checkStructure(new MrMtlRepro().run(Mode.FULL, 1), Mode.FULL);
  }

  private static void checkStructure(ReproResult r, Mode mode) {
    assertEquals("mrmtl", r.id());
    assertEquals(mode, r.mode());
    assertEquals(5, r.claims().size());
    for (ClaimResult c : r.claims()) {
      for (Map.Entry<String, Double> e : c.measured().entrySet()) {
        assertTrue(Double.isFinite(e.getValue()), c.claim().id() + ": " + e.getKey() + " = " + e.getValue());
      }
    }
    for (int i = 0; i < 3; i++) {
      assertTrue(r.claims().get(i).pass(), "theory claim " + r.claims().get(i).claim().id() + " must hold: "
          + r.claims().get(i).measured());
    }
    Map<String, Double> m = r.claims().get(3).measured();
    boolean wins = true;
    for (String eps : new String[] {"eps=1.0", "eps=0.5"}) {
      wins &= m.get(eps + ".mrmtl_minus_best_baseline") > 0;
      assertEquals(Double.parseDouble(eps.substring(4)), m.get(eps + ".max_silo_epsilon_spent"), 1e-6,
          "every silo spends its whole budget");
    }
    assertEquals(wins, r.claims().get(3).pass());
    Map<String, Double> l = r.claims().get(4).measured();
    boolean grows = l.get("eps=inf.lambda") <= l.get("eps=1.0.lambda") && l.get("eps=1.0.lambda")
        <= l.get("eps=0.5.lambda") && l.get("eps=0.5.lambda") > l.get("eps=inf.lambda");
    assertEquals(grows, r.claims().get(4).pass());
  }
}
