package org.probity.privacy.accountant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.privacy.accountant.analysis.BoundedGaussianRdp;
import org.probity.privacy.accountant.analysis.Rdp;
import org.probity.privacy.mechanism.RectifiedGaussian;
import org.probity.privacy.mechanism.TruncatedGaussian;
import org.probity.tensor.Rng;

class BoundedGaussianAccountantTest {
  private static double[] centers(int d, double scale, long seed) {
    Rng r = new Rng(seed);
    double[] c = new double[d];
    for (int i = 0; i < d; i++) {
      c[i] = scale * r.nextGaussian();
    }
    return c;
  }

  /**
   * With the bound out of reach every coordinate has the Gaussian's RDP, so T steps of d coordinates
   * at noise σ are the q = 1 Gaussian with noise multiplier σ/√d (L∞ clipping at C is L2 sensitivity
   * C√d): the official code's baseline, computed here by the independent subsampled-Gaussian path.
   */
  @Test
  void anUnreachableBoundGivesTheGaussiansEpsilon() {
    int d = 650;
    int steps = 40;
    // a = 60 is 30 noise stds: with |c| ≲ 20 every atom is below Φ(−20) ≈ 1e-89, invisible in a double.
    BoundedGaussianAccountant acc = new BoundedGaussianAccountant(new RectifiedGaussian(200, 0.01, 60));
    for (int t = 0; t < steps; t++) {
      acc.step(centers(d, 5, t));
    }
    double[] orders = Rdp.DEFAULT_ORDERS;
    PrivacySpent want = Rdp.toEpsilon(orders, Rdp.sampledGaussian(1, 200 / Math.sqrt(d), steps, orders), 1e-5);
    PrivacySpent got = acc.spent(1e-5);
    assertEquals(want.epsilon(), got.epsilon(), 1e-9 * want.epsilon());
    assertEquals(want.order(), got.order(), 0);
    assertEquals(3.698, got.epsilon(), 5e-4, "the notes' Gaussian ε for σ = 200, d = 650, 40 steps");
    assertEquals(steps, acc.steps());
  }

  @Test
  void composesIntoTheGivenAccountantAndNeverExceedsTheGaussian() {
    RdpAccountant target = new RdpAccountant();
    target.step(1.1, 0.01, 100); // something already spent elsewhere
    double[] before = target.rdp();
    BoundedGaussianAccountant acc = new BoundedGaussianAccountant(new RectifiedGaussian(200, 0.01, 6), target);
    assertNull(acc.lastCurve());
    double[] sum = new double[before.length];
    for (int t = 0; t < 5; t++) {
      double[] c = centers(100, 8, 100 + t);
      double[] curve = acc.step(c);
      double[] direct = BoundedGaussianRdp.rectifiedCurve(acc.orders(), 6, c, 0.01, 2);
      assertArrayEquals(direct, curve, 0);
      for (int i = 0; i < sum.length; i++) {
        sum[i] += curve[i];
        double gauss = 100 * acc.orders()[i] * 1e-4 / 8;
        assertTrue(curve[i] <= gauss * (1 + 1e-12), "order " + acc.orders()[i] + ": " + curve[i] + " > " + gauss);
      }
    }
    double[] after = target.rdp();
    for (int i = 0; i < after.length; i++) {
      assertEquals(before[i] + sum[i], after[i], 1e-12 * after[i]);
    }
    assertEquals(5, target.composedCurves());
    assertEquals(target.spent(1e-5), acc.spent(1e-5));
  }

  @Test
  void amplificationGrowsAsTheSumsLeaveTheSupport() {
    // The same mechanism on sums far outside [−a, a] spends less than on sums inside it.
    double inside = epsilonOf(new TruncatedGaussian(50, 0.01, 6), 1);
    double outside = epsilonOf(new TruncatedGaussian(50, 0.01, 6), 12);
    double rectOutside = epsilonOf(new RectifiedGaussian(50, 0.01, 6), 12);
    assertTrue(outside < inside, "truncated: " + outside + " should be below " + inside);
    assertTrue(rectOutside < inside, "rectified: " + rectOutside + " should be below " + inside);
  }

  private static double epsilonOf(org.probity.privacy.mechanism.BoundedGaussian m, double center) {
    BoundedGaussianAccountant acc = new BoundedGaussianAccountant(m);
    double[] c = new double[64];
    java.util.Arrays.fill(c, center);
    for (int t = 0; t < 10; t++) {
      acc.step(c);
    }
    return acc.epsilon(1e-5);
  }

  @Test
  void floatStepsEqualDoubleSteps() {
    BoundedGaussianAccountant a = new BoundedGaussianAccountant(new RectifiedGaussian(20, 0.1, 3));
    BoundedGaussianAccountant b = new BoundedGaussianAccountant(new RectifiedGaussian(20, 0.1, 3));
    float[] f = {0.5f, -3.25f, 7f};
    assertArrayEquals(a.step(f), b.step(new double[] {0.5, -3.25, 7}), 0);
  }

  @Test
  void rejectsEmptyAndNull() {
    BoundedGaussianAccountant a = new BoundedGaussianAccountant(new RectifiedGaussian(20, 0.1, 3));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.step(new double[0]));
    assertTrue(e.getMessage().contains("no coordinates"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BoundedGaussianAccountant(null));
    e = assertThrows(IllegalArgumentException.class, () -> a.step(new double[] {Double.NaN}));
    assertTrue(e.getMessage().contains("must be finite"), e.getMessage());
  }
}
