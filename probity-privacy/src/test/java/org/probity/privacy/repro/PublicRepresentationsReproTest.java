package org.probity.privacy.repro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.probity.core.repro.ClaimResult;
import org.probity.core.repro.Mode;
import org.probity.core.repro.Repro;
import org.probity.core.repro.ReproResult;

/**
 * The public-representations reproduction: registration, structure, finite numbers in range,
 * privacy never above its target, and verdicts that follow from the reported numbers and the
 * claims' thresholds (recomputed here independently of the repro's own code). Which verdicts hold
 * is a measured result and is not asserted, with two exceptions that held with wide margins at
 * every seed tried (QUICK seeds 1–4, FULL seed 1): n₁ = 2000 is never worse than n₁ = 500 on mean
 * error (claim 2; margins 0.12–0.26), and DP-SGD in the true B beats full d by the notes' factor
 * (the theory's mechanism, which the estimated-B̂ claims test in practice). Claims 1, 3, 4 and 5
 * failed at every seed tried; the reasons are in the repro's measured numbers (sin θ of B̂, the
 * non-private references).
 */
class PublicRepresentationsReproTest {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int[] N2 = {200, 500, 1000};
  private static final List<String> ARMS = List.of("full_d", "mom_n1_500", "mom_n1_2000", "true_b", "mom_n1_20000");
  private static final List<String> METHODS = List.of("linear_probe", "from_scratch", "full_finetune");

  @Test
  void registeredAsAService() {
    boolean found = false;
    for (Repro r : ServiceLoader.load(Repro.class)) {
      found |= r.id().equals("public-representations") && r instanceof PublicRepresentationsRepro;
    }
    assertTrue(found, "public-representations must be registered in META-INF/services");
    PublicRepresentationsRepro repro = new PublicRepresentationsRepro();
    assertEquals(5, repro.claims().size());
    assertTrue(repro.paper().startsWith("Thaker, Setlur, Wu, Smith"), repro.paper());
  }

  @Test
  void quickRunAtSeedOne() {
    long start = System.nanoTime();
    long cpu = THREADS.getCurrentThreadCpuTime();
    ReproResult r = new PublicRepresentationsRepro().run(Mode.QUICK, 1);
    // CPU time beside wall time: the shared build machine's load can stretch the wall clock severalfold.
    System.out.printf("public-representations QUICK seed 1 took %.1f s (%.1f s CPU)%n",
        (System.nanoTime() - start) / 1e9, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
    checkStructure(r, Mode.QUICK);
    assertTrue(r.claims().get(1).pass(), "n₁ = 2000 no worse than n₁ = 500 held at every seed tried");
  }

  @Test
  @Tag("slow")
  void fullRunAtSeedOne() {
    long start = System.nanoTime();
    long cpu = THREADS.getCurrentThreadCpuTime();
    ReproResult r = new PublicRepresentationsRepro().run(Mode.FULL, 1);
    // CPU time beside wall time: the shared build machine's load can stretch the wall clock severalfold.
    System.out.printf("public-representations FULL seed 1 took %.1f s (%.1f s CPU)%n",
        (System.nanoTime() - start) / 1e9, (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9);
    checkStructure(r, Mode.FULL);
  }

  private static void checkStructure(ReproResult r, Mode mode) {
    PublicRepresentationsRepro repro = new PublicRepresentationsRepro();
    assertEquals("public-representations", r.id());
    assertEquals(mode, r.mode());
    assertEquals(repro.claims().size(), r.claims().size());
    for (int i = 0; i < r.claims().size(); i++) {
      ClaimResult c = r.claims().get(i);
      assertEquals(repro.claims().get(i), c.claim());
      assertFalse(c.measured().isEmpty(), c.claim().id());
      c.measured().forEach((k, v) -> assertTrue(Double.isFinite(v), c.claim().id() + ": " + k + " = " + v));
      System.out.println((c.pass() ? "PASS " : "FAIL ") + c.claim().id() + " " + c.measured() + " -- " + c.note());
    }
    Map<String, Double> a1 = r.claims().get(0).measured();
    Map<String, Double> a2 = r.claims().get(1).measured();
    Map<String, Double> a3 = r.claims().get(2).measured();
    Map<String, Double> b1 = r.claims().get(3).measured();
    Map<String, Double> b2 = r.claims().get(4).measured();
    assertEquals(PublicRepresentationsRepro.theoryDraws(mode), a1.get("draws"), 1e-9);
    assertTrue(a1.get("epsilon.max_spent") <= 1.0 + 1e-9, "no private regression may spend more than ε = 1");
    assertTrue(a1.get("zero_shot_error.mean") >= 1.0 - 1e-9,
        "θ* ⟂ the pooled public model, so zero-shot is no better than predicting 0 (error ‖θ*‖ = 1)");
    boolean claim1 = true;
    boolean claim2 = true;
    boolean claim3 = true;
    for (int n2 : N2) {
      String p = "n2_" + n2 + ".";
      for (String arm : ARMS) {
        double e = a1.get(p + arm + ".mean");
        assertTrue(e >= 0 && e < 10, p + arm + " error " + e);
      }
      double full = a1.get(p + "full_d.mean");
      double mom500 = a1.get(p + "mom_n1_500.mean");
      double mom2000 = a1.get(p + "mom_n1_2000.mean");
      double trueB = a1.get(p + "true_b.mean");
      assertEquals(mom2000 / full, a1.get(p + "ratio_mom_n1_2000_to_full_d"), 1e-12);
      assertTrue(trueB < 0.7 * full, "with the true subspace DP-SGD must beat full d: " + trueB + " vs " + full);
      claim1 &= mom2000 < 0.7 * full;
      claim2 &= mom2000 <= mom500;
      claim3 &= mom2000 - trueB <= 0.5 * (full - trueB);
      assertEquals(mom500, a2.get(p + "mom_n1_500.mean"), 0.0, "claims report the same measurements");
      assertEquals(trueB, a3.get(p + "true_b.mean"), 0.0);
    }
    assertEquals(claim1, r.claims().get(0).pass(), "claim a1 verdict must follow its numbers");
    assertEquals(claim2, r.claims().get(1).pass(), "claim a2 verdict must follow its numbers");
    assertEquals(claim3, r.claims().get(2).pass(), "claim a3 verdict must follow its numbers");
    for (String n1 : List.of("n1_500", "n1_2000", "n1_20000")) {
      double s = a1.get("sin_largest_angle." + n1 + ".mean");
      assertTrue(s >= 0 && s <= 1, n1 + " sine " + s);
    }
    assertTrue(a1.get("sin_largest_angle.n1_20000.mean") < a1.get("sin_largest_angle.n1_500.mean"),
        "40 times more public rows must give a better subspace estimate");

    assertEquals(PublicRepresentationsRepro.digitsSeeds(mode), b1.get("seeds"), 1e-9);
    assertTrue(b1.get("epsilon.max_spent_minus_target") <= 1e-9, "no private digits run may exceed its ε");
    for (String eps : List.of("eps_1", "eps_3")) {
      for (String m : METHODS) {
        double acc = b1.get(eps + "." + m + ".test.mean");
        assertTrue(acc >= 0 && acc <= 1, eps + "." + m + " = " + acc);
      }
    }
    double probe1 = b1.get("eps_1.linear_probe.test.mean");
    assertEquals(probe1 - b1.get("eps_1.from_scratch.test.mean") >= 0.10, r.claims().get(3).pass(),
        "claim b1 verdict must follow its numbers");
    boolean claim5 = probe1 >= b2.get("eps_1.full_finetune.test.mean")
        && b2.get("eps_3.linear_probe.test.mean") >= b2.get("eps_3.full_finetune.test.mean");
    assertEquals(claim5, r.claims().get(4).pass(), "claim b2 verdict must follow its numbers");
    assertTrue(b1.get("public_model.public_test.mean") > 0.9, "the public model must have learnt digits 0-4");
    assertTrue(b1.get("nonprivate.from_scratch.test.mean") > 0.8, "the private task is learnable without noise");
  }
}
