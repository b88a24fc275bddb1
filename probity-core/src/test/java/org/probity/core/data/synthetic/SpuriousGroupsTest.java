package org.probity.core.data.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.probity.core.data.Dataset;
import org.probity.tensor.Rng;

class SpuriousGroupsTest {
  @Test
  void trainingDataHaveTheNotesProportions() {
    int n = 4000;
    SpuriousGroups.Config c = SpuriousGroups.Config.train(n);
    SpuriousGroups.Sample s = SpuriousGroups.sample(c, new Rng(1));
    Dataset d = s.data();
    assertEquals(17, c.dim());
    assertEquals(17, d.exampleShape().size());
    int agree = 0;
    int flips = 0;
    int ones = 0;
    for (int i = 0; i < n; i++) {
      agree += s.attribute()[i] == s.trueLabels()[i] ? 1 : 0;
      ones += s.trueLabels()[i];
      boolean changed = d.labels()[i] != s.trueLabels()[i];
      assertEquals(s.flipped()[i], changed, "row " + i);
      flips += changed ? 1 : 0;
      assertEquals(2 * d.labels()[i] + s.attribute()[i], d.groups()[i], "row " + i);
    }
    assertEquals(Math.round(0.95 * n), agree);
    assertEquals(Math.round(0.15 * n), flips);
    assertEquals(n / 2, ones);
    // Feature blocks: core at ±0.5 by the true label, spurious at ±1 by s, nuisance centred.
    float[] x = d.features().data();
    double core = 0;
    double spurious = 0;
    double nuisance = 0;
    for (int i = 0; i < n; i++) {
      double sy = 2 * s.trueLabels()[i] - 1;
      double ss = 2 * s.attribute()[i] - 1;
      for (int k = 0; k < 5; k++) {
        core += sy * x[i * 17 + k] / (5.0 * n);
      }
      for (int k = 5; k < 7; k++) {
        spurious += ss * x[i * 17 + k] / (2.0 * n);
      }
      for (int k = 7; k < 17; k++) {
        nuisance += x[i * 17 + k] / (10.0 * n);
      }
    }
    assertEquals(0.5, core, 0.03);
    assertEquals(1.0, spurious, 0.02);
    assertEquals(0.0, nuisance, 0.02);
  }

  @Test
  void testDataAreCleanAndBalancedOverTheFourGroups() {
    SpuriousGroups.Sample s = SpuriousGroups.sample(SpuriousGroups.Config.train(2000).balancedTest(), new Rng(2));
    int[] counts = new int[4];
    for (int i = 0; i < 2000; i++) {
      counts[s.data().groups()[i]]++;
      assertEquals(s.trueLabels()[i], s.data().labels()[i]);
    }
    assertArrayEquals(new int[] {500, 500, 500, 500}, counts);
  }

  @Test
  void repeatsFromItsSeedAndValidates() {
    SpuriousGroups.Config c = SpuriousGroups.Config.train(100);
    assertEquals(SpuriousGroups.generate(c, new Rng(3)).fingerprint(), SpuriousGroups.generate(c, new Rng(3))
        .fingerprint());
    assertThrows(IllegalArgumentException.class, () -> new SpuriousGroups.Config(10, 5, 2, 10, 1.5, 0, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new SpuriousGroups.Config(10, 0, 2, 10, 0.5, 0, 1, 1, 1));
    assertThrows(IllegalArgumentException.class, () -> new SpuriousGroups.Config(10, 5, 2, 10, 0.5, -0.1, 1, 1, 1));
  }
}
