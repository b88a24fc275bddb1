package org.probity.privacy.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.ServiceLoader;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;
import org.junit.jupiter.api.Test;

class MiaUnseenReproTest {
  @Test
  void quickRunReportsEveryClaimWithLiveAttacks() {
    ReproResult r = new MiaUnseenRepro().run(Mode.QUICK, 1);
    assertEquals("mia-unseen", r.id());
    assertEquals(3, r.claims().size());
    Map<String, Double> m = r.claims().get(0).measured();
    for (Map.Entry<String, Double> e : m.entrySet()) {
      if (e.getKey().endsWith("auroc") || e.getKey().endsWith("fpr")) {
        assertTrue(e.getValue() >= 0 && e.getValue() <= 1, e.getKey() + " = " + e.getValue());
      }
    }
    // The target overfits, so on seen classes every attack is better than random.
    for (String a : MiaUnseenExperiment.ATTACKS) {
      assertTrue(m.get("seen." + a + ".auroc") > 0.6, a + " seen AUROC " + m.get("seen." + a + ".auroc"));
    }
    assertEquals(1.0, m.get("target.train_accuracy"), 0.02);
    // Claims judge the Gaussian head; the pinball variant stays visible, unjudged, in the numbers and notes.
    assertEquals("qmia_gaussian_top2", MiaUnseenExperiment.ATTACKS.get(0));
    for (String a : MiaUnseenExperiment.ATTACKS) {
      assertTrue(m.containsKey("unseen." + a + ".tpr_at_1pct_fpr") && m.containsKey("seen." + a + ".auroc"), a);
    }
    assertTrue(r.claims().get(0).note().contains("pinball"), r.claims().get(0).note());
    double q = m.get("unseen.qmia_gaussian_top2.tpr_at_1pct_fpr");
    double l = m.get("unseen.lira.tpr_at_1pct_fpr");
    assertEquals(q >= 2 * l && q > l, r.claims().get(0).pass(), "claim (a) follows its criterion");
    for (ClaimResult c : r.claims()) {
      System.out.println(c.claim().id() + " " + (c.pass() ? "PASS" : "FAIL") + ": " + c.note());
    }
  }

  @Test
  void isRegistered() {
    boolean found = false;
    for (Repro r : ServiceLoader.load(Repro.class)) {
      found |= r.id().equals("mia-unseen");
    }
    assertTrue(found);
  }
}
