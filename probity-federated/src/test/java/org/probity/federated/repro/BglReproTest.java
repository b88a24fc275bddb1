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
 * The bgl reproduction: registration, structure, finite and sane numbers, verdicts consistent with
 * the numbers, and one real property: FedAvg leaves the minority (group 1) worse off, which is what
 * the constraint is there to repair. The claims themselves are reported, not asserted. At seed 1:
 * QUICK (T = 100, 1 seed): ζ = 0.467; worst-group test loss FedAvg 0.581, BGL (θ̄) 0.476 (ζ + 0.010,
 * 18% below FedAvg: PASS), local-constraint baseline 0.456; accuracy FedAvg 0.812, BGL 0.798 (PASS);
 * BGL vs local baseline FAIL by 0.020. FULL (T = 200, 5 seeds): BGL 0.465 (ζ + 0.003, 19.8% below
 * FedAvg's 0.580: PASS), accuracy 0.800 vs 0.814 (PASS), local baseline 0.460 (FAIL by 0.005). The
 * local baseline holds every client's groups to ζ on its own data, a stricter constraint than the
 * pooled one, so it drives both groups to about 0.44-0.46 at a lower accuracy (0.787).
 */
class BglReproTest {
  @Test
  void registeredAsAService() {
    boolean found = false;
    for (Repro r : ServiceLoader.load(Repro.class)) {
      found |= r.id().equals("bgl") && r instanceof BglRepro;
    }
    assertTrue(found, "bgl must be registered in META-INF/services");
    assertEquals(3, new BglRepro().claims().size());
  }

  @Test
  void quickRunAtSeedOne() {
    long start = System.nanoTime();
    ReproResult r = new BglRepro().run(Mode.QUICK, 1);
    System.out.printf("bgl QUICK seed 1 took %.1f s%n", (System.nanoTime() - start) / 1e9);
    check(r, Mode.QUICK);
  }

  @Test
  @Tag("slow")
  void fullRunAtSeedOne() {
    check(new BglRepro().run(Mode.FULL, 1), Mode.FULL);
  }

  private static void check(ReproResult r, Mode mode) {
    assertEquals("bgl", r.id());
    assertEquals(mode, r.mode());
    assertEquals(3, r.claims().size());
    for (ClaimResult c : r.claims()) {
      System.out.println(c.claim().id() + " pass=" + c.pass() + " " + c.measured() + " | " + c.note());
      for (Map.Entry<String, Double> e : c.measured().entrySet()) {
        assertTrue(Double.isFinite(e.getValue()), c.claim().id() + ": " + e.getKey() + " = " + e.getValue());
      }
    }
    Map<String, Double> m = r.claims().get(0).measured();
    assertTrue(m.get("fedavg.test_loss_group1") > m.get("fedavg.test_loss_group0"),
        "FedAvg must serve the minority worse: " + m);
    double zeta = m.get("zeta");
    assertTrue(zeta > 0 && zeta < 1, "zeta " + zeta);
    assertEquals(m.get("bgl_worst_minus_zeta") <= BglRepro.SLACK
        && m.get("bgl_relative_gain_vs_fedavg") >= BglRepro.RELATIVE_GAIN, r.claims().get(0).pass());
    Map<String, Double> a = r.claims().get(1).measured();
    for (String k : new String[] {"fedavg.accuracy", "bgl.accuracy", "local_constraint.accuracy"}) {
      assertTrue(a.get(k) > 0.5 && a.get(k) <= 1, k + " = " + a.get(k));
    }
    assertEquals(a.get("bgl_minus_fedavg.accuracy") >= -BglRepro.ACCURACY_DROP, r.claims().get(1).pass());
    Map<String, Double> l = r.claims().get(2).measured();
    assertEquals(l.get("bgl_minus_local.worst_group_test_loss") <= 0, r.claims().get(2).pass());
  }
}
