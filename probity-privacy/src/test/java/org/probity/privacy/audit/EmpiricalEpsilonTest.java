package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class EmpiricalEpsilonTest {
  // ε from the DP inequalities at exact rates, written out independently of the class.
  private static double pointEpsilon(double tpr, double fpr, double delta) {
    double a = tpr - delta <= 0 ? 0 : fpr == 0 ? Double.POSITIVE_INFINITY : Math.log((tpr - delta) / fpr);
    double b = 1 - delta - fpr <= 0 ? 0 : tpr == 1 ? Double.POSITIVE_INFINITY : Math.log((1 - delta - fpr) / (1 - tpr));
    return Math.max(0, Math.max(a, b));
  }

  private static double perfectAttackBound(int n, double delta) {
    double[] mem = new double[n];
    double[] non = new double[n];
    for (int i = 0; i < n; i++) {
      mem[i] = 1 + i;
      non[i] = -1 - i;
    }
    return EmpiricalEpsilon.best(mem, non, delta, 0.95).epsilon();
  }

  @Test
  void perfectAttackBoundHasTheClosedFormAndGrowsLikeLogN() {
    double previous = 0;
    for (int n : new int[] {10, 100, 1000, 10_000}) {
      double eps = perfectAttackBound(n, 1e-5);
      // TP = n, FP = 0: TPR ≥ (α/2)^{1/n}, FPR ≤ 1 − (α/2)^{1/n}.
      double q = Math.pow(0.025, 1.0 / n);
      assertEquals(Math.log((q - 1e-5) / (1 - q)), eps, 1e-9, "n = " + n);
      assertTrue(Double.isFinite(eps) && eps > previous);
      if (n >= 1000) {
        assertEquals(Math.log(10), eps - previous, 0.05, "ten times the canaries adds about log 10");
      }
      previous = eps;
    }
    // 1000 canaries each way cannot show more than about log(1000 / ln 40) ≈ 5.6.
    assertEquals(Math.log(1000 / Math.log(40)), perfectAttackBound(1000, 0), 0.01);
  }

  @Test
  void randomAttackGivesAboutZero() {
    Rng rng = new Rng(5);
    double[] mem = new double[2000];
    double[] non = new double[2000];
    for (int i = 0; i < mem.length; i++) {
      mem[i] = rng.nextDouble();
      non[i] = rng.nextDouble();
    }
    EmpiricalEpsilon.Result r = EmpiricalEpsilon.best(mem, non, 1e-5, 0.95);
    assertTrue(r.epsilon() < 0.1, r.toString());
  }

  @Test
  void noEvidenceIsZeroAtTheNoOneFlaggedThreshold() {
    EmpiricalEpsilon.Result r = EmpiricalEpsilon.best(new double[] {0, 0}, new double[] {0, 0, 0}, 1e-5, 0.95);
    assertEquals(new EmpiricalEpsilon.Result(0, Double.POSITIVE_INFINITY, 0, 0), r);
    assertEquals(0.0, EmpiricalEpsilon.lowerBound(5, 10, 5, 10, 0, 0.95));
  }

  @Test
  void bestIsTheMaximumOverAllThresholdsByBruteForce() {
    Rng rng = new Rng(21);
    for (int trial = 0; trial < 5; trial++) {
      double[] mem = new double[150];
      double[] non = new double[120];
      for (int i = 0; i < mem.length; i++) {
        mem[i] = Math.floor(20 * (rng.nextGaussian() + 1.5)) / 20;
      }
      for (int i = 0; i < non.length; i++) {
        non[i] = Math.floor(20 * rng.nextGaussian()) / 20;
      }
      double delta = trial * 1e-3;
      double best = 0;
      double[] candidates = new double[mem.length + non.length];
      System.arraycopy(mem, 0, candidates, 0, mem.length);
      System.arraycopy(non, 0, candidates, mem.length, non.length);
      for (double t : candidates) {
        int tp = 0;
        int fp = 0;
        for (double s : mem) {
          tp += s >= t ? 1 : 0;
        }
        for (double s : non) {
          fp += s >= t ? 1 : 0;
        }
        best = Math.max(best, EmpiricalEpsilon.lowerBound(tp, mem.length, fp, non.length, delta, 0.95));
      }
      EmpiricalEpsilon.Result r = EmpiricalEpsilon.best(mem, non, delta, 0.95);
      assertEquals(best, r.epsilon(), 1e-12, "trial " + trial);
      assertTrue(r.epsilon() > 0.5, r.toString());
      // The reported threshold's own rates reproduce the reported bound.
      int tp = (int) Math.round(r.tpr() * mem.length);
      int fp = (int) Math.round(r.fpr() * non.length);
      int tpCheck = 0;
      int fpCheck = 0;
      for (double s : mem) {
        tpCheck += s >= r.threshold() ? 1 : 0;
      }
      for (double s : non) {
        fpCheck += s >= r.threshold() ? 1 : 0;
      }
      assertEquals(tpCheck, tp);
      assertEquals(fpCheck, fp);
      assertEquals(r.epsilon(), EmpiricalEpsilon.lowerBound(tp, mem.length, fp, non.length, delta, 0.95), 1e-15);
    }
  }

  @Test
  void moreDeltaOrMoreConfidenceNeverRaisesTheBound() {
    int[][] counts = {{90, 100, 2, 100}, {500, 1000, 5, 1000}, {10, 1000, 0, 1000}, {990, 1000, 600, 1000}};
    for (int[] c : counts) {
      double previous = Double.POSITIVE_INFINITY;
      for (double delta : new double[] {0, 1e-6, 1e-3, 0.01, 0.05, 0.2}) {
        double eps = EmpiricalEpsilon.lowerBound(c[0], c[1], c[2], c[3], delta, 0.95);
        assertTrue(eps <= previous, "δ = " + delta);
        previous = eps;
      }
      assertTrue(EmpiricalEpsilon.lowerBound(c[0], c[1], c[2], c[3], 1e-5, 0.99)
          <= EmpiricalEpsilon.lowerBound(c[0], c[1], c[2], c[3], 1e-5, 0.9));
    }
    // Some of these are strictly positive, so the checks above are not vacuous.
    assertTrue(EmpiricalEpsilon.lowerBound(90, 100, 2, 100, 0, 0.95) > 2);
  }

  @Property(tries = 200)
  void boundNeverExceedsThePointEstimate(@ForAll @IntRange(min = 1, max = 3000) int positives,
      @ForAll @IntRange(min = 1, max = 3000) int negatives, @ForAll @DoubleRange(min = 0, max = 1) double tprFraction,
      @ForAll @DoubleRange(min = 0, max = 1) double fprFraction, @ForAll @DoubleRange(min = 0, max = 0.1) double delta) {
    int tp = (int) Math.round(tprFraction * positives);
    int fp = (int) Math.round(fprFraction * negatives);
    double eps = EmpiricalEpsilon.lowerBound(tp, positives, fp, negatives, delta, 0.95);
    assertTrue(eps >= 0 && Double.isFinite(eps));
    assertTrue(eps <= pointEpsilon(tp / (double) positives, fp / (double) negatives, delta),
        eps + " > point estimate");
  }

  @Test
  void refusesBadInput() {
    assertThrows(IllegalArgumentException.class, () -> EmpiricalEpsilon.lowerBound(11, 10, 0, 10, 0, 0.95));
    assertThrows(IllegalArgumentException.class, () -> EmpiricalEpsilon.lowerBound(1, 10, -1, 10, 0, 0.95));
    assertThrows(IllegalArgumentException.class, () -> EmpiricalEpsilon.lowerBound(0, 0, 0, 10, 0, 0.95));
    assertThrows(IllegalArgumentException.class, () -> EmpiricalEpsilon.lowerBound(1, 10, 0, 10, -1e-9, 0.95));
    assertThrows(IllegalArgumentException.class, () -> EmpiricalEpsilon.lowerBound(1, 10, 0, 10, 1, 0.95));
    assertThrows(IllegalArgumentException.class, () -> EmpiricalEpsilon.lowerBound(1, 10, 0, 10, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> EmpiricalEpsilon.best((Roc) null, 0, 0.95));
  }
}
