package org.probity.privacy.repro;

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
import org.probity.tensor.Rng;

/**
 * The bounded-gaussian reproduction: registration, structure, verdicts that agree with the reported
 * numbers and thresholds, and the facts that do not depend on the seed: the Gaussian's ε is the
 * notes' 3.70, and at equal noise both rectified mechanisms spend less, a = 6 less than a = 8.
 * The verdicts themselves are results, so they are checked only for consistency. Measured at seed 1:
 * QUICK, worst ε ratio 0.90 at a = 6 (FAIL against 0.85) and 6.1 accuracy points lost (FAIL against
 * both 1 and 4 points); FULL (5 seeds), ratio 0.90 (FAIL) and 3.0 points lost (the paper's 1 point
 * FAILS, the notes' 4 points PASSES).
 */
class BoundedGaussianReproTest {
  @Test
  void registeredAsAService() {
    boolean found = false;
    for (Repro r : ServiceLoader.load(Repro.class)) {
      found |= r.id().equals("bounded-gaussian") && r instanceof BoundedGaussianRepro;
    }
    assertTrue(found, "bounded-gaussian must be registered in META-INF/services");
    assertEquals(3, new BoundedGaussianRepro().claims().size());
  }

  @Test
  void quickRunAtSeedOne() {
    long start = System.nanoTime();
    ReproResult r = new BoundedGaussianRepro().run(Mode.QUICK, 1);
    System.out.printf("bounded-gaussian QUICK seed 1 took %.1f s%n", (System.nanoTime() - start) / 1e9);
    check(r, Mode.QUICK);
  }

  @Test
  @Tag("slow")
  void fullRunAtSeedOne() {
    long start = System.nanoTime();
    ReproResult r = new BoundedGaussianRepro().run(Mode.FULL, 1);
    System.out.printf("bounded-gaussian FULL seed 1 took %.1f s%n", (System.nanoTime() - start) / 1e9);
    check(r, Mode.FULL);
    Map<String, Double> eps = r.claims().get(0).measured();
    assertTrue(eps.get("sigma400.rectified_a6.epsilon_max") < eps.get("sigma400.gaussian.epsilon"));
    assertTrue(eps.get("truncated_a6.epsilon_max") < eps.get("gaussian.epsilon"));
  }

  private static void check(ReproResult r, Mode mode) {
    assertEquals("bounded-gaussian", r.id());
    assertEquals(mode, r.mode());
    assertEquals(3, r.claims().size());
    for (ClaimResult c : r.claims()) {
      for (Map.Entry<String, Double> e : c.measured().entrySet()) {
        assertTrue(Double.isFinite(e.getValue()), c.claim().id() + "." + e.getKey() + " = " + e.getValue());
      }
      assertTrue(!c.note().isBlank());
    }
    Map<String, Double> eps = r.claims().get(0).measured();
    double gauss = eps.get("gaussian.epsilon");
    assertEquals(3.70, gauss, 0.005, "the notes' Gaussian ε");
    assertTrue(eps.get("rectified_a6.epsilon_max") < gauss);
    assertTrue(eps.get("rectified_a8.epsilon_max") < gauss);
    assertTrue(eps.get("rectified_a6.epsilon_max") < eps.get("rectified_a8.epsilon_max"));
    boolean epsPass = eps.get("rectified_a6.epsilon_ratio_max") <= BoundedGaussianRepro.RATIO_A6
        && eps.get("rectified_a8.epsilon_ratio_max") < 1;
    assertEquals(epsPass, r.claims().get(0).pass());
    double gap = r.claims().get(1).measured().get("gap_a6_points");
    assertEquals(gap <= 100 * BoundedGaussianRepro.PAPER_TOLERANCE + 1e-9, r.claims().get(1).pass());
    assertEquals(gap <= 100 * BoundedGaussianRepro.NOTES_TOLERANCE + 1e-9, r.claims().get(2).pass());
    for (String k : new String[] {"gaussian", "rectified_a6", "rectified_a8"}) {
      double acc = r.claims().get(1).measured().get(k + ".accuracy");
      assertTrue(acc > 0.5 && acc <= 1, k + " accuracy " + acc);
    }
  }

  @Test
  void clippedSumMatchesANaiveLoopAndRespectsTheClip() {
    BoundedGaussianDigits.Data data = BoundedGaussianDigits.data(new Rng(3));
    assertEquals(650, data.params());
    assertEquals(1797, data.trainRows() + data.testY().length);
    assertTrue(Math.abs(data.testY().length - 397) <= 2, "test rows " + data.testY().length);
    double[] w = new double[650];
    Rng r = new Rng(5);
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.3 * r.nextGaussian();
    }
    double[] sum = new double[650];
    BoundedGaussianDigits.clippedSum(data, w, sum);
    // Naive: per example, logits, softmax, gradient x_j (p_k − y_k), clamp, add.
    int f = data.features();
    double[] naive = new double[650];
    for (int i = 0; i < data.trainRows(); i++) {
      double[] z = new double[10];
      for (int k = 0; k < 10; k++) {
        for (int j = 0; j < f; j++) {
          z[k] += data.trainX()[i * f + j] * w[j * 10 + k];
        }
      }
      double max = java.util.Arrays.stream(z).max().getAsDouble();
      double norm = 0;
      for (int k = 0; k < 10; k++) {
        norm += Math.exp(z[k] - max);
      }
      for (int j = 0; j < f; j++) {
        for (int k = 0; k < 10; k++) {
          double g = data.trainX()[i * f + j] * (Math.exp(z[k] - max) / norm - (data.trainY()[i] == k ? 1 : 0));
          naive[j * 10 + k] += Math.max(-BoundedGaussianDigits.CLIP, Math.min(BoundedGaussianDigits.CLIP, g));
        }
      }
    }
    for (int k = 0; k < 650; k++) {
      assertEquals(naive[k], sum[k], 1e-10, "coordinate " + k);
      assertTrue(Math.abs(sum[k]) <= BoundedGaussianDigits.CLIP * data.trainRows() + 1e-9);
    }
  }
}
