package org.probity.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class RocTest {
  private static double[] randomScores(Rng rng, int n, int levels, double shift) {
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      s[i] = rng.nextInt(levels) + shift; // few levels, so many ties
    }
    return s;
  }

  @Test
  void aurocIsTheMannWhitneyStatisticWithTiesCountedHalf() {
    Rng rng = new Rng(7);
    for (int trial = 0; trial < 20; trial++) {
      int m = 1 + rng.nextInt(40);
      int n = 1 + rng.nextInt(40);
      double[] mem = randomScores(rng, m, 1 + rng.nextInt(6), trial % 3 == 0 ? 0.5 : 0);
      double[] non = randomScores(rng, n, 1 + rng.nextInt(6), 0);
      double pairs = 0;
      for (double a : mem) {
        for (double b : non) {
          pairs += a > b ? 1 : a == b ? 0.5 : 0;
        }
      }
      assertEquals(pairs / (m * (double) n), Roc.of(mem, non).auroc(), 1e-12, "trial " + trial);
    }
  }

  @Test
  void pointsRunFromOriginToOneOneAndTiesMoveTogether() {
    Roc roc = Roc.of(new double[] {1, 1, 3}, new double[] {1, 2});
    double[][] p = roc.points();
    // thresholds +inf, 3, 2, 1: the two members and the non-member tied at 1 enter at once.
    assertArrayEquals(new double[] {0, 0}, p[0]);
    assertArrayEquals(new double[] {0, 1 / 3.0}, p[1], 1e-15);
    assertArrayEquals(new double[] {0.5, 1 / 3.0}, p[2], 1e-15);
    assertArrayEquals(new double[] {1, 1}, p[3]);
    assertEquals(4, p.length);
    assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 3, 2, 1}, roc.thresholds());
    assertEquals(3, roc.members());
    assertEquals(2, roc.nonMembers());
  }

  @Test
  void curveDoesNotDependOnInputOrderAndSignedZerosTie() {
    double[] mem = {0.3, -0.0, 2, 0.3, 5};
    double[] non = {0.0, 0.3, -1, 4};
    double[] memShuffled = {5, 0.3, 2, 0.0, 0.3};
    double[] nonShuffled = {4, -1, 0.3, -0.0};
    assertTrue(Arrays.deepEquals(Roc.of(mem, non).points(), Roc.of(memShuffled, nonShuffled).points()));
    // 0.0 and -0.0 are one threshold: 5 distinct values among {5,4,2,0.3,0,-1} → 7 points.
    assertEquals(7, Roc.of(mem, non).points().length);
  }

  @Test
  void tprAtFprOnHandCases() {
    double[] non = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0};
    Roc roc = Roc.of(new double[] {10, 9, 8, 0.85, 0.5}, non);
    assertEquals(0.8, roc.tprAtFpr(0.1), 1e-15); // 10, 9, 8, then 0.9 (FP 1), then 0.85
    assertEquals(0.8, roc.tprAtFpr(0.15), 1e-15);
    assertEquals(0.8, roc.tprAtFpr(0.45), 1e-15); // 0.5 brings a false positive with it: FPR 0.5
    assertEquals(1.0, roc.tprAtFpr(0.5), 1e-15);
    // A member tied with a non-member is flagged only with it.
    double[] tiedOne = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    double[] tiedTwo = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
    assertEquals(1.0, Roc.of(new double[] {1}, tiedOne).tprAtFpr(0.1));
    assertEquals(0.0, Roc.of(new double[] {1}, tiedTwo).tprAtFpr(0.1));
    assertEquals(0.0, Roc.of(new double[] {-5}, non).tprAtFpr(0.5));
  }

  @Test
  void refusesAnFprTargetTheNonMembersCannotResolve() {
    Roc roc = Roc.of(new double[] {1, 2}, new double[300]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> roc.tprAtFpr(0.001));
    assertEquals("TPR at 0.1% FPR needs at least 1000 non-members, got 300", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> roc.tprAtFprInterval(0.001, 0.95, 10, new Rng(1)));
    assertEquals(1.0, Roc.of(new double[] {1}, new double[100]).tprAtFpr(0.01)); // 100 is enough for 1%
    e = assertThrows(IllegalArgumentException.class, () -> Roc.of(new double[] {1}, new double[99]).tprAtFpr(0.01));
    assertEquals("TPR at 1% FPR needs at least 100 non-members, got 99", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> roc.tprAtFpr(0));
    assertThrows(IllegalArgumentException.class, () -> roc.tprAtFpr(1));
    assertThrows(IllegalArgumentException.class, () -> roc.tprAtFpr(Double.NaN));
  }

  @Test
  void refusesNanAndEmptyScores() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Roc.of(new double[] {1, Double.NaN}, new double[] {0}));
    assertTrue(e.getMessage().contains("members score 1 is NaN"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Roc.of(new double[] {1}, new double[] {Double.NaN}));
    assertThrows(IllegalArgumentException.class, () -> Roc.of(new double[0], new double[] {0}));
    assertThrows(IllegalArgumentException.class, () -> Roc.of(new double[] {1}, null));
    // Infinite scores are legitimate (an infinite loss).
    assertEquals(1.0, Roc.of(new double[] {Double.POSITIVE_INFINITY}, new double[] {Double.NEGATIVE_INFINITY}).auroc());
  }

  @Test
  void bootstrapMatchesExplicitResampling() {
    Rng data = new Rng(11);
    double[] mem = randomScores(data, 60, 12, 0.5);
    double[] non = randomScores(data, 200, 12, 0);
    // Sorted input, so the resampled indices address the same scores the class resamples.
    Arrays.sort(mem);
    Arrays.sort(non);
    int resamples = 101;
    Roc.Interval got = Roc.of(mem, non).tprAtFprInterval(0.05, 0.9, resamples, new Rng(3));
    Rng rng = new Rng(3);
    double[] values = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double[] rm = new double[mem.length];
      double[] rn = new double[non.length];
      for (int i = 0; i < rm.length; i++) {
        rm[i] = mem[rng.nextInt(mem.length)];
      }
      for (int i = 0; i < rn.length; i++) {
        rn[i] = non[rng.nextInt(non.length)];
      }
      values[b] = Roc.of(rm, rn).tprAtFpr(0.05);
    }
    Arrays.sort(values);
    // 101 values: the 5% and 95% quantiles are order statistics 5 and 95 exactly.
    assertEquals(values[5], got.low(), 1e-15);
    assertEquals(values[95], got.high(), 1e-15);
    assertTrue(got.low() < got.high());
  }

  @Test
  void bootstrapIntervalCoversTheTrueTprAndNarrowsWithData() {
    // Members ~ N(1, 1), non-members ~ N(0, 1): TPR at 1% FPR is 1 − Φ(2.3263 − 1) = 0.0924.
    double truth = 0.0924;
    double[] widths = new double[2];
    int[] sizes = {1000, 8000};
    for (int s = 0; s < 2; s++) {
      Rng rng = new Rng(100 + s);
      double[] mem = new double[sizes[s]];
      double[] non = new double[sizes[s]];
      for (int i = 0; i < sizes[s]; i++) {
        mem[i] = 1 + rng.nextGaussian();
        non[i] = rng.nextGaussian();
      }
      Roc.Interval in = Roc.of(mem, non).tprAtFprInterval(0.01, 0.95, 200, rng.derive("boot"));
      assertTrue(in.low() <= truth && truth <= in.high(), in.toString());
      widths[s] = in.high() - in.low();
    }
    assertTrue(widths[1] < 0.6 * widths[0], Arrays.toString(widths));
  }

  @Test
  void bootstrapOfAPerfectAttackIsOneAndRepeatsWithTheSeed() {
    double[] mem = {5, 6, 7, 8};
    double[] non = new double[100];
    Roc roc = Roc.of(mem, non);
    assertEquals(new Roc.Interval(1, 1), roc.tprAtFprInterval(0.01, 0.95, 50, new Rng(1)));
    Rng d = new Rng(9);
    double[] a = randomScores(d, 50, 5, 0.5);
    double[] b = randomScores(d, 50, 5, 0);
    Roc r = Roc.of(a, b);
    assertEquals(r.tprAtFprInterval(0.1, 0.9, 30, new Rng(4)), r.tprAtFprInterval(0.1, 0.9, 30, new Rng(4)));
    assertThrows(IllegalArgumentException.class, () -> r.tprAtFprInterval(0.1, 1, 30, new Rng(4)));
    assertThrows(IllegalArgumentException.class, () -> r.tprAtFprInterval(0.1, 0.9, 1, new Rng(4)));
    assertThrows(IllegalArgumentException.class, () -> r.tprAtFprInterval(0.1, 0.9, 30, null));
    assertThrows(IllegalArgumentException.class, () -> new Roc.Interval(0.5, 0.4));
  }
}
