package org.probity.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.tensor.Rng;

class AurocTest {
  /** Counts every (positive, negative) pair: 1 when the positive scores higher, 1/2 on a tie. */
  static double bruteForce(double[] s, boolean[] pos) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < s.length; i++) {
      for (int j = 0; j < s.length; j++) {
        if (pos[i] && !pos[j]) {
          pairs++;
          wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
        }
      }
    }
    return pairs == 0 ? Double.NaN : wins / pairs;
  }

  @Test
  void handCases() {
    assertEquals(1.0, Auroc.binary(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true}));
    assertEquals(0.0, Auroc.binary(new double[] {0.9, 0.8, 0.2, 0.1}, new boolean[] {false, false, true, true}));
    assertEquals(0.5, Auroc.binary(new double[] {0.5, 0.5, 0.5}, new boolean[] {true, false, false}));
    // Positives 0.4, 0.8; negatives 0.4, 0.1, 0.6: pairs (0.4: 0.5+1+0) (0.8: 1+1+1) = 4.5 of 6.
    assertEquals(0.75, Auroc.binary(new double[] {0.4, 0.8, 0.4, 0.1, 0.6},
        new boolean[] {true, true, false, false, false}), 1e-12);
  }

  @Test
  void undefinedWithOneClassAndNaNRejected() {
    assertTrue(Double.isNaN(Auroc.binary(new double[] {0.1, 0.2}, new boolean[] {true, true})));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Auroc.binary(new double[] {0.1, Double.NaN}, new boolean[] {true, false}));
    assertTrue(e.getMessage().contains("position 1"), e.getMessage());
  }

  @Test
  void matchesPairCountingOnRandomTiedScores() {
    Rng rng = new Rng(3);
    for (int trial = 0; trial < 200; trial++) {
      int n = 1 + rng.nextInt(40);
      double[] s = new double[n];
      boolean[] pos = new boolean[n];
      for (int i = 0; i < n; i++) {
        s[i] = rng.nextInt(6) / 5.0; // few distinct values: many ties
        pos[i] = rng.nextDouble() < 0.4;
      }
      double want = bruteForce(s, pos);
      double got = Auroc.binary(s, pos);
      if (Double.isNaN(want)) {
        assertTrue(Double.isNaN(got));
      } else {
        assertEquals(want, got, 1e-12, "trial " + trial);
      }
    }
  }

  @Test
  void oneVsRestIsMacroAverageOfPairCounts() {
    Rng rng = new Rng(11);
    int n = 30;
    int c = 4;
    float[] p = new float[n * c];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(3); // class 3 never occurs: skipped
      for (int j = 0; j < c; j++) {
        p[i * c + j] = rng.nextInt(5) / 4f;
      }
    }
    double sum = 0;
    int k = 0;
    for (int j = 0; j < c; j++) {
      double[] s = new double[n];
      boolean[] pos = new boolean[n];
      for (int i = 0; i < n; i++) {
        s[i] = p[i * c + j];
        pos[i] = y[i] == j;
      }
      double a = bruteForce(s, pos);
      if (!Double.isNaN(a)) {
        sum += a;
        k++;
      }
    }
    assertEquals(3, k);
    assertEquals(sum / k, Auroc.oneVsRest(p, c, y), 1e-12);
  }

  @Test
  void twoClassesUseTheClassOneColumn() {
    float[] p = {0.9f, 0.1f, 0.3f, 0.7f, 0.6f, 0.4f};
    int[] y = {0, 1, 1};
    assertEquals(bruteForce(new double[] {0.1, 0.7, 0.4}, new boolean[] {false, true, true}),
        Auroc.oneVsRest(p, 2, y), 1e-12);
    assertEquals(Auroc.binary(new float[] {0.1f, 0.7f, 0.4f}, y, 1), Auroc.oneVsRest(p, 2, y), 1e-12);
  }
}
