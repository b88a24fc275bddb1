package org.probity.core.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;
import org.probity.tensor.Tensor;

class LabelNoiseTest {
  private static Dataset balanced(int n, int k) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % k;
    }
    return Dataset.classification("b", Tensor.zeros(n, 1), y, k);
  }

  /** Asserts the rate is within 5 binomial standard deviations of {@code p}. */
  private static void assertRate(double p, int changed, int n) {
    double sd = Math.sqrt(p * (1 - p) / n);
    assertEquals(p, (double) changed / n, 5 * sd + 1e-12, "rate " + changed + "/" + n + " vs " + p);
  }

  private static void assertMaskMatchesLabels(NoisyLabels r, int[] original) {
    assertArrayEquals(original, r.cleanLabels());
    int[] y = r.dataset().labels();
    for (int i = 0; i < y.length; i++) {
      assertEquals(y[i] != original[i], r.noisy()[i], "row " + i);
    }
  }

  @Test
  void uniformChangesEachLabelWithProbabilityPToAnotherClass() {
    Dataset d = balanced(20000, 10);
    NoisyLabels r = LabelNoise.uniform(0.3).apply(d, new Rng(1));
    assertMaskMatchesLabels(r, d.labels());
    assertRate(0.3, r.count(), 20000);
    assertEquals(r.count() / 20000.0, r.rate());
    // Targets are uniform over the other classes: each of the 9 others gets about a ninth.
    int[] to = new int[10];
    for (int i = 0; i < d.size(); i++) {
      if (d.labels()[i] == 0 && r.noisy()[i]) {
        to[r.dataset().labels()[i]]++;
      }
    }
    assertEquals(0, to[0]);
    int flipped0 = 0;
    for (int v : to) {
      flipped0 += v;
    }
    for (int c = 1; c < 10; c++) {
      assertRate(1.0 / 9, to[c], flipped0);
    }
  }

  @Test
  void uniformAnyClassChangesWithProbabilityPTimesKMinusOneOverK() {
    Dataset d = balanced(20000, 4);
    NoisyLabels r = LabelNoise.uniformAnyClass(0.4).apply(d, new Rng(2));
    assertMaskMatchesLabels(r, d.labels());
    assertRate(0.4 * 3 / 4, r.count(), 20000);
  }

  @Test
  void pairwiseMapsEachClassToTheNext() {
    Dataset d = balanced(9000, 3);
    NoisyLabels r = LabelNoise.pairwise(0.2).apply(d, new Rng(3));
    assertMaskMatchesLabels(r, d.labels());
    assertRate(0.2, r.count(), 9000);
    for (int i = 0; i < d.size(); i++) {
      if (r.noisy()[i]) {
        assertEquals((d.labels()[i] + 1) % 3, r.dataset().labels()[i]);
      }
    }
  }

  @Test
  void transitionMatrixFrequencies() {
    Dataset d = balanced(30000, 3);
    double[][] t = {{0.7, 0.2, 0.1}, {0, 1, 0}, {0.5, 0, 0.5}};
    NoisyLabels r = LabelNoise.transition(t).apply(d, new Rng(4));
    assertMaskMatchesLabels(r, d.labels());
    int[][] counts = new int[3][3];
    for (int i = 0; i < d.size(); i++) {
      counts[d.labels()[i]][r.dataset().labels()[i]]++;
    }
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        assertRate(t[a][b], counts[a][b], 10000);
      }
    }
    assertArrayEquals(new double[][] {{0.75, 0.25}, {0.25, 0.75}}, LabelNoise.pairwiseMatrix(2, 0.25));
  }

  @Test
  void exactlyChangesTheExactCount() {
    Dataset d = balanced(1000, 10);
    assertEquals(333, LabelNoise.uniform(0.333).exactly().apply(d, new Rng(5)).count());
    assertEquals(250, LabelNoise.pairwise(0.25).exactly().apply(d, new Rng(5)).count());
    assertThrows(IllegalArgumentException.class, () -> LabelNoise.transition(LabelNoise.pairwiseMatrix(3, 0.1))
        .exactly());
  }

  @Test
  void rowsOutsideTheEligibleMaskAreNeverTouched() {
    Dataset d = balanced(5000, 5);
    boolean[] eligible = new boolean[5000];
    for (int i = 0; i < 5000; i += 3) {
      eligible[i] = true;
    }
    for (LabelNoise noise : new LabelNoise[] {LabelNoise.uniform(1.0), LabelNoise.uniformAnyClass(0.9),
        LabelNoise.pairwise(0.7).exactly(), LabelNoise.transition(LabelNoise.pairwiseMatrix(5, 1.0))}) {
      NoisyLabels r = noise.apply(d, eligible, new Rng(6));
      assertMaskMatchesLabels(r, d.labels());
      int inside = 0;
      for (int i = 0; i < 5000; i++) {
        if (!eligible[i]) {
          assertEquals(d.labels()[i], r.dataset().labels()[i]);
        } else if (r.noisy()[i]) {
          inside++;
        }
      }
      assertTrue(inside > 0);
    }
    // With p = 1 every eligible row changes.
    assertEquals(1667, LabelNoise.uniform(1.0).apply(d, eligible, new Rng(7)).count());
  }

  @Test
  void deterministicBySeedAndLeavesTheInputAlone() {
    Dataset d = balanced(500, 4);
    int[] before = d.labels().clone();
    NoisyLabels a = LabelNoise.uniform(0.3).apply(d, new Rng(8));
    NoisyLabels b = LabelNoise.uniform(0.3).apply(d, new Rng(8));
    NoisyLabels c = LabelNoise.uniform(0.3).apply(d, new Rng(9));
    assertArrayEquals(a.dataset().labels(), b.dataset().labels());
    assertNotEquals(java.util.Arrays.toString(a.dataset().labels()), java.util.Arrays.toString(c.dataset().labels()));
    assertArrayEquals(before, d.labels());
  }

  @Test
  void helpersForGenieBaselines() {
    Dataset d = balanced(100, 2);
    NoisyLabels r = LabelNoise.uniform(0.5).exactly().apply(d, new Rng(10));
    assertEquals(50, r.withoutNoisy().size());
    int[] g = r.markedAsGroups().groups();
    for (int i = 0; i < 100; i++) {
      assertEquals(r.noisy()[i] ? 1 : 0, g[i]);
    }
  }

  @Test
  void validation() {
    assertThrows(IllegalArgumentException.class, () -> LabelNoise.uniform(1.5));
    assertThrows(IllegalArgumentException.class, () -> LabelNoise.transition(new double[][] {{0.5, 0.4}, {0, 1}}));
    assertThrows(IllegalArgumentException.class, () -> LabelNoise.transition(new double[][] {{1, 0}}));
    Dataset d = balanced(10, 3);
    assertThrows(IllegalArgumentException.class,
        () -> LabelNoise.transition(LabelNoise.pairwiseMatrix(2, 0.1)).apply(d, new Rng(1)));
    assertThrows(IllegalArgumentException.class, () -> LabelNoise.uniform(0.1).apply(d, new boolean[3], new Rng(1)));
  }
}
